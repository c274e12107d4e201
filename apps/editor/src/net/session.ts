/** The signed-in session token, kept in localStorage under `pryzm.token`. */

export const TOKEN_KEY = "pryzm.token";

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export class SessionStore {
  constructor(private readonly storage: KeyValueStore) {}

  get token(): string | null {
    try {
      return this.storage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  }

  set(token: string): void {
    this.storage.setItem(TOKEN_KEY, token);
  }

  clear(): void {
    this.storage.removeItem(TOKEN_KEY);
  }
}
