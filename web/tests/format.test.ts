import { describe, expect, it } from "vitest";

import { addDays, formatDateTime, formatTime, localDateOf, startOfLocalDay, weekStartOf } from "../src/format";

describe("Israel time", () => {
  it("shows winter times at UTC+2 and summer times at UTC+3", () => {
    expect(formatTime("2026-01-15T08:30:00Z")).toBe("10:30");
    expect(formatTime("2026-07-15T08:30:00Z")).toBe("11:30");
    expect(formatDateTime("2026-11-24T22:30:00Z")).toContain("25.11.2026");
  });

  it("finds midnight in Israel on either side of a clock change", () => {
    expect(startOfLocalDay({ year: 2026, month: 11, day: 22 }).toISOString()).toBe("2026-11-21T22:00:00.000Z");
    expect(startOfLocalDay({ year: 2026, month: 7, day: 5 }).toISOString()).toBe("2026-07-04T21:00:00.000Z");
    // Israel moves its clocks on Friday 27 March 2026 and Sunday 25 October 2026.
    expect(startOfLocalDay({ year: 2026, month: 3, day: 28 }).toISOString()).toBe("2026-03-27T21:00:00.000Z");
    expect(startOfLocalDay({ year: 2026, month: 10, day: 25 }).toISOString()).toBe("2026-10-24T21:00:00.000Z");
  });

  it("puts an instant on its Israel calendar day and week (weeks start on Sunday)", () => {
    const saturdayNightUtc = new Date("2026-11-28T22:30:00Z"); // Sunday 00:30 in Israel
    expect(localDateOf(saturdayNightUtc)).toEqual({ year: 2026, month: 11, day: 29 });
    expect(weekStartOf(saturdayNightUtc)).toEqual({ year: 2026, month: 11, day: 29 });
    expect(weekStartOf(new Date("2026-11-25T12:00:00Z"))).toEqual({ year: 2026, month: 11, day: 22 });
    expect(addDays({ year: 2026, month: 12, day: 29 }, 7)).toEqual({ year: 2027, month: 1, day: 5 });
  });
});
