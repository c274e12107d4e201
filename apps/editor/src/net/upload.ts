/**
 * Sending a file as a request body with upload progress. `fetch` cannot report how much of a
 * body has gone out, so this uses XMLHttpRequest and hands back a `Response` like fetch does
 * (the REST client reads it, errors included, the same way). Rejects only when nothing came
 * back: a network failure or an abort.
 */

export type UploadProgress = (loaded: number, total: number) => void;

export type UploadSend = (url: string, body: Blob, headers: Record<string, string>, onProgress: UploadProgress, signal?: AbortSignal) => Promise<Response>;

export const xhrSend: UploadSend = (url, body, headers, onProgress, signal) =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (ev) => onProgress(ev.loaded, ev.lengthComputable ? ev.total : body.size);
    xhr.onload = () => {
      const type = xhr.getResponseHeader("Content-Type") ?? "application/json";
      resolve(new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, statusText: xhr.statusText, headers: { "Content-Type": type } }));
    };
    xhr.onerror = () => reject(new TypeError("The upload failed: the connection was lost."));
    xhr.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(body);
  });
