// Open now, closes at, next meeting: what a listing's hours mean at this moment, worked out in the browser.
// The build prints each listing's schedules into the page (data-hours, in the content's own field names) with
// words that hold at any hour ("Monday to Friday, 10 AM to 10 PM"); this script replaces those words with
// what holds now, by the visitor's clock. The arithmetic is on UTC instants: a schedule's wall-clock time in
// the listing's time zone becomes an instant through Intl.DateTimeFormat's offsets, so daylight saving time
// and times past midnight need no special cases. Nothing here leaves the browser.

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]; // in Date#getUTCDay() order
const DAY_MS = 24 * 60 * 60 * 1000;
const SOON_MS = 60 * 60 * 1000; // "closes soon" within the hour
const LOOK_AHEAD_DAYS = 400; // a 5th-week meeting can skip months
const WEEK_DAYS = 7; // closer than this, a day is named by its weekday alone
const formatters = new Map();

/** Return the wall-clock time of an instant in a time zone, as {year, month, day, hour, minute}. */
function wallClock(instant, zone) {
  if (!formatters.has(zone)) {
    formatters.set(zone, new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
      hour: "numeric", minute: "numeric", second: "numeric",
    }));
  }
  const parts = {};
  for (const part of formatters.get(zone).formatToParts(new Date(instant))) parts[part.type] = Number(part.value);
  return parts;
}

/** Return how far a time zone's clocks are ahead of UTC at an instant, in milliseconds. */
function offsetAt(instant, zone) {
  const wall = wallClock(instant, zone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** Return the instant of a local day (a UTC midnight standing for the date) plus minutes, in a time zone.
 * Around a daylight saving change, as RFC 5545 and Python's zoneinfo read it: a time the clocks pass twice is
 * the first, and a time they skip is read with the offset before the change (2:30 AM becomes 3:30 AM). */
function instantOf(day, minutes, zone) {
  const wall = day + minutes * 60 * 1000;
  const before = wall - offsetAt(wall - DAY_MS, zone);
  const after = wall - offsetAt(wall + DAY_MS, zone);
  const real = [before, after].filter((instant) => instant + offsetAt(instant, zone) === wall);
  return real.length ? Math.min(...real) : before;
}

/** Return the local date of an instant in a time zone, as the UTC midnight that stands for it. */
function dayOf(instant, zone) {
  const wall = wallClock(instant, zone);
  return Date.UTC(wall.year, wall.month - 1, wall.day);
}

function minutesOf(time) {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

function isoDate(day) {
  return new Date(day).toISOString().slice(0, 10);
}

/** Return true if a schedule's times start on a day: its weekday, its week of the month, its dates. */
function fallsOn(schedule, day, closed) {
  const date = new Date(day);
  const iso = isoDate(day);
  if (closed.has(iso)) return false;
  if (schedule.valid_from && iso < schedule.valid_from) return false;
  if (schedule.valid_to && iso > schedule.valid_to) return false;
  if (!schedule.open_24_7 && !schedule.days.includes(DAYS[date.getUTCDay()])) return false;
  if (!schedule.weeks) return true;
  const last = new Date(day + WEEK_DAYS * DAY_MS).getUTCMonth() !== date.getUTCMonth();
  return schedule.weeks.includes(Math.floor((date.getUTCDate() - 1) / 7) + 1) || (last && schedule.weeks.includes(-1));
}

/** Return the times that start on a local day, as [start, end] instants. */
function timesOn(hours, day, closed) {
  const found = [];
  for (const schedule of hours.schedules) {
    if (!fallsOn(schedule, day, closed)) continue;
    const opens = schedule.open_24_7 ? 0 : minutesOf(schedule.opens);
    let closes = schedule.open_24_7 ? 24 * 60 : minutesOf(schedule.closes);
    if (closes <= opens) closes += 24 * 60; // past midnight: ends on the next day
    found.push([instantOf(day, opens, hours.time_zone), instantOf(day, closes, hours.time_zone)]);
  }
  return found.sort((a, b) => a[0] - b[0]);
}

/** Return the listing's state at an instant: {always}, {open: true, until}, or {open: false, next} (null if none). */
export function stateAt(hours, now) {
  const closed = new Set(hours.closed_on || []);
  const always = hours.schedules.some((s) => s.open_24_7 && !s.valid_from && !s.valid_to);
  if (always && !closed.size) return { always: true, open: true };
  const today = dayOf(now, hours.time_zone);
  let current = null;
  for (let n = -1; n <= LOOK_AHEAD_DAYS; n++) {
    for (const [start, end] of timesOn(hours, today + n * DAY_MS, closed)) {
      if (current) {
        if (start > current.until) return current;
        current.until = Math.max(current.until, end); // one time runs on into the next, like 24:00 then 00:00
      } else if (start <= now && now < end) {
        current = { open: true, until: end };
      } else if (start > now) {
        return { open: false, next: start };
      }
    }
    if (current && current.until - now > LOOK_AHEAD_DAYS * DAY_MS / 2) return { always: true, open: true };
  }
  return current || { open: false, next: null };
}

/** Return true if the listing is open, or its group is meeting, at an instant. */
export function isOpen(hours, now) {
  return stateAt(hours, now).open;
}

/** Return a time like 10 AM, 6:30 PM, noon or midnight, as the build writes them. */
function timeWords(instant, zone) {
  const { hour, minute } = wallClock(instant, zone);
  if (minute === 0 && (hour === 0 || hour === 24)) return "midnight";
  if (minute === 0 && hour === 12) return "noon";
  const twelve = hour % 12 || 12;
  return `${twelve}${minute ? `:${String(minute).padStart(2, "0")}` : ""} ${hour < 12 ? "AM" : "PM"}`;
}

/** Return the day of an instant as people say it from now: today, tomorrow, Monday or Monday, December 14. */
function dayWords(instant, now, zone) {
  const days = Math.round((dayOf(instant, zone) - dayOf(now, zone)) / DAY_MS);
  if (days === 0) return "today";
  if (days === 1) return "tomorrow";
  const options = days < WEEK_DAYS ? { weekday: "long" } : { weekday: "long", month: "long", day: "numeric" };
  return new Intl.DateTimeFormat("en-US", { timeZone: zone, ...options }).format(new Date(instant));
}

/** Return what a listing's hours mean at an instant, in words, with times in the visitor's time zone
 * when its clocks differ from the listing's; then the words say so. */
export function describe(hours, now, visitorZone) {
  const state = stateAt(hours, now);
  if (state.always) return { state: "open", text: "Open 24 hours" };
  const zone = visitorZone && offsetAt(now, visitorZone) !== offsetAt(now, hours.time_zone)
    ? visitorZone : hours.time_zone;
  const yours = zone === hours.time_zone ? "" : " (your time)";
  if (state.open) {
    const day = dayWords(state.until, now, zone);
    const until = `${day === "today" || state.until - now < DAY_MS ? "" : `${day} `}${timeWords(state.until, zone)}`;
    if (hours.meetings) return { state: "open", text: `Meeting now, until ${until}${yours}` };
    const soon = state.until - now <= SOON_MS;
    return { state: soon ? "soon" : "open", text: `Open now, closes ${soon ? "soon, " : ""}at ${until}${yours}` };
  }
  if (state.next === null) {
    return { state: "closed", text: hours.meetings ? "No upcoming meetings are listed" : "Closed, with no upcoming hours listed" };
  }
  const day = dayWords(state.next, now, zone);
  const at = timeWords(state.next, zone);
  if (hours.meetings) {
    const date = new Intl.DateTimeFormat("en-US", { timeZone: zone, weekday: "long", month: "long", day: "numeric" })
      .format(new Date(state.next));
    return { state: "closed", text: `Next meeting: ${day === "today" || day === "tomorrow" ? `${day}, ` : ""}${date}, ${at}${yours}` };
  }
  return { state: "closed", text: `Closed, opens ${day} at ${at}${yours}` };
}

/** Return the visitor's time zone, as the browser knows it. */
export function visitorZone() {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Put what holds now into an element that carries data-hours. */
export function show(element, hours, now = Date.now()) {
  const { state, text } = describe(hours, now, visitorZone());
  element.textContent = text;
  element.dataset.state = state;
}

function showAll() {
  for (const element of document.querySelectorAll("[data-hours]")) {
    try {
      show(element, JSON.parse(element.dataset.hours));
    } catch (error) {
      console.error(error); // the build's words stay, which are true at any hour
    }
  }
}

showAll();
setInterval(showAll, 60 * 1000); // a page left open stays right
