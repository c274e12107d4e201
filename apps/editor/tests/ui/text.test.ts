import { describe, expect, it } from "vitest";
import { describeCommandFailure, levelToCreate } from "../../src/ui/editorText";
import { parseRoute, routePath } from "../../src/ui/router";
import { bakeLabel, connectionLabel } from "../../src/ui/statusbar";

describe("status labels", () => {
  it("names the connection states", () => {
    expect(connectionLabel("connecting")).toBe("connecting");
    expect(connectionLabel("online")).toBe("online");
    expect(connectionLabel("offline")).toBe("offline — reconnecting");
  });

  it("says baked @ seq N once the bake caught up with the head", () => {
    const base = { loading: false, elementCount: 1, progress: null };
    expect(bakeLabel({ ...base, bakedSeq: 4, headSeq: 4 })).toBe("baked @ seq 4");
    expect(bakeLabel({ ...base, bakedSeq: 4, headSeq: 5 })).toBe("baking…");
    expect(bakeLabel({ ...base, bakedSeq: 0, headSeq: 2 })).toBe("baking…");
    expect(bakeLabel({ ...base, bakedSeq: 4, headSeq: 4, loading: true, progress: 0.4 })).toBe("baking… 40%");
    expect(bakeLabel({ ...base, bakedSeq: 0, headSeq: 1, elementCount: 0 })).toBe("not baked yet");
  });
});

describe("reject messages", () => {
  it("explain the code in words and keep the server's message", () => {
    const text = describeCommandFailure({ type: "place_wall", id: "w", level_id: "L", start: [0, 0], end: [0, 0] }, "zero_length", "A wall must be at least 10 mm long.");
    expect(text).toBe("Wall not placed: a wall must have a length [zero_length]. A wall must be at least 10 mm long.");
    expect(describeCommandFailure(undefined, "forbidden", "")).toBe("Change refused: you have view-only access to this project [forbidden].");
    expect(describeCommandFailure(undefined, "brand_new_code", "x")).toContain("refused (brand_new_code)");
  });
});

describe("levelToCreate", () => {
  it("stacks a new level on the top one", () => {
    const levels = [
      { id: "a", name: "Level 0", elevation: 0, height: 3 },
      { id: "b", name: "Level 1", elevation: 3, height: 3.5 },
    ];
    expect(levelToCreate(levels, "n")).toEqual({ type: "create_level", id: "n", name: "Level 2", elevation: 6.5, height: 3 });
    expect(levelToCreate([], "n")).toMatchObject({ name: "Level 0", elevation: 0 });
  });
});

describe("routes", () => {
  it("parses / and /p/<id>", () => {
    expect(parseRoute("/")).toEqual({ name: "hub" });
    expect(parseRoute("/p/abc-123")).toEqual({ name: "editor", projectId: "abc-123" });
    expect(parseRoute("/p/abc-123/")).toEqual({ name: "editor", projectId: "abc-123" });
    expect(parseRoute("/nope")).toEqual({ name: "hub" });
    expect(routePath({ name: "editor", projectId: "x y" })).toBe("/p/x%20y");
  });
});
