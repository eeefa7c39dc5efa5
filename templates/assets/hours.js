// Open now, closes at, next meeting: a listing's hours (data-hours, printed by the build in the content's own
// names) read by the visitor's clock. The page's own words hold at any hour; this replaces them with what holds
// now. Arithmetic is on UTC instants, the listing's wall clock reached through Intl's offsets, so daylight
// saving time and times past midnight need no special case.

import { fill } from "./shared.js";

const DAY = 864e5;
const SOON = 36e5; // "closes soon" within the hour
const AHEAD = 400; // days to look for the next time: a 5th-week meeting can skip months
const clocks = {};
// The words shown: in another language than the default, from <html data-hours-words> (hours.hours_words).
const html = document.documentElement;
const say = { always: "Open 24 hours", meeting: "Meeting now, until {until}{yours}",
  open: "Open now, closes at {until}{yours}", soon: "Open now, closes soon, at {until}{yours}",
  no_meetings: "No upcoming meetings are listed", no_hours: "Closed, with no upcoming hours listed",
  next_meeting: "Next meeting: {day}, {at}{yours}", opens: "Closed, opens {day} at {at}{yours}",
  yours: " (your time)", today: "today", tomorrow: "tomorrow", at: ["{t}", "{t}"], day_time: "{day} {t}",
  weekday: "{day}", locale: "en-US", ...JSON.parse(html.dataset.hoursWords || "{}") };
const locale = say.locale; // es-US: the language as written in the site's country

/** Return an instant's wall clock in a time zone: {year, month, day, hour, minute, second}. */
function wall(instant, zone) {
  clocks[zone] = clocks[zone] || new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23",
    year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
  const p = {};
  for (const { type, value } of clocks[zone].formatToParts(instant)) p[type] = +value;
  return p;
}

/** Return how far a time zone's clocks are ahead of UTC at an instant, in ms. */
function offset(instant, zone) {
  const p = wall(instant, zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000;
}

/** Return the local date of an instant, as the UTC midnight that stands for it. */
function dayOf(instant, zone) {
  const p = wall(instant, zone);
  return Date.UTC(p.year, p.month - 1, p.day);
}

/** Return the instant of a local date plus minutes. As RFC 5545 reads them, a time the clocks pass twice is the
 * first, and a time they skip takes the offset from before the change (2:30 AM is 3:30 AM). */
function instant(day, minutes, zone) {
  const local = day + minutes * 6e4;
  const before = local - offset(local - DAY, zone);
  const real = [before, local - offset(local + DAY, zone)].filter((t) => t + offset(t, zone) === local);
  return real.length ? Math.min(...real) : before;
}

const minutes = (time) => +time.slice(0, 2) * 60 + +time.slice(3, 5);

/** Return true if a schedule's times start on a day: its weekday, its week of the month, its dates. The twin of
 * schedules.falls_on: both run tests/fixtures/schedule-cases.json. */
export function fallsOn(s, day, closed) {
  const date = new Date(day);
  const iso = date.toISOString().slice(0, 10);
  if (closed.includes(iso) || iso < (s.valid_from || "") || iso > (s.valid_to || "9")) return false;
  if (!s.open_24_7 && !s.days.includes(["sun", "mon", "tue", "wed", "thu", "fri", "sat"][date.getUTCDay()])) return false;
  const last = new Date(day + 7 * DAY).getUTCMonth() !== date.getUTCMonth();
  return !s.weeks || s.weeks.includes(Math.ceil(date.getUTCDate() / 7)) || (last && s.weeks.includes(-1));
}

/** Return the listing's state at an instant: {always}, {open, until}, or {next} (null if nothing is ahead). */
export function stateAt(hours, now) {
  const zone = hours.time_zone;
  const closed = hours.closed_on || [];
  if (!closed.length && hours.schedules.some((s) => s.open_24_7 && !s.valid_from && !s.valid_to)) return { always: 1, open: 1 };
  const today = dayOf(now, zone);
  let current = null;
  for (let n = -1; n <= AHEAD; n++) {
    const day = today + n * DAY;
    const times = hours.schedules.filter((s) => fallsOn(s, day, closed)).map((s) => {
      const opens = s.open_24_7 ? 0 : minutes(s.opens);
      const closes = s.open_24_7 ? 1440 : minutes(s.closes);
      return [instant(day, opens, zone), instant(day, closes + (closes <= opens ? 1440 : 0), zone)];
    }).sort((a, b) => a[0] - b[0]);
    for (const [start, end] of times) {
      if (current && start > current.until) return current;
      if (current) current.until = Math.max(current.until, end); // one time runs on into the next
      else if (start <= now && now < end) current = { open: 1, until: end };
      else if (start > now) return { next: start };
    }
    if (current && current.until - now > AHEAD * DAY / 2) return { always: 1, open: 1 };
  }
  return current || { next: null };
}

export const isOpen = (hours, now) => !!stateAt(hours, now).open;

/** Return a time as the build writes them: 10 AM, 6:30 PM, noon, midnight; 6:30 p.m. in es-US. */
function time(instant, zone) {
  if (locale !== "en-US") {
    return new Intl.DateTimeFormat(locale, { timeZone: zone, hour: "numeric", minute: "2-digit" })
      .format(instant).replace(/\s/g, "\u00a0"); // as hours.format_time
  }
  const { hour, minute } = wall(instant, zone);
  if (!minute && hour % 12 === 0) return hour ? "noon" : "midnight";
  return `${hour % 12 || 12}${minute ? `:${String(minute).padStart(2, "0")}` : ""} ${hour < 12 ? "AM" : "PM"}`;
}

/** Return a time after "at": la 1:00 p.m., las 2:00 p.m. in Spanish. */
const at = (instant, zone) => fill(say.at[+(new Intl.PluralRules(locale).select(wall(instant, zone).hour % 12 || 12)
  !== "one")], { t: time(instant, zone) });

/** Return a day from now as people say it: today, tomorrow, Monday, or Monday, December 14 (long). */
function day(instant, now, zone, long) {
  const days = Math.round((dayOf(instant, zone) - dayOf(now, zone)) / DAY);
  const words = new Intl.DateTimeFormat(locale, { timeZone: zone, weekday: "long",
    ...(long || days > 6 ? { month: "long", day: "numeric" } : {}) }).format(instant);
  if (days > 1) return fill(say.weekday, { day: words }); // el lunes
  const near = days ? say.tomorrow : say.today;
  return long ? `${near}, ${words}` : near;
}

/** Return what the hours mean at an instant, as {state: open | soon | closed, text}, in the visitor's time zone
 * when its clocks differ from the listing's; then the text says so. */
export function describe(hours, now, visitor) {
  const state = stateAt(hours, now);
  if (state.always) return { state: "open", text: say.always };
  const zone = visitor && offset(now, visitor) !== offset(now, hours.time_zone) ? visitor : hours.time_zone;
  const yours = zone === hours.time_zone ? "" : say.yours;
  if (state.open) {
    const until = state.until - now < DAY ? at(state.until, zone)
      : fill(say.day_time, { day: day(state.until, now, zone), t: at(state.until, zone) });
    if (hours.meetings) return { state: "open", text: fill(say.meeting, { until, yours }) };
    const soon = state.until - now <= SOON;
    return { state: soon ? "soon" : "open", text: fill(soon ? say.soon : say.open, { until, yours }) };
  }
  if (!state.next) {
    return { state: "closed", text: hours.meetings ? say.no_meetings : say.no_hours };
  }
  return { state: "closed", text: fill(hours.meetings ? say.next_meeting : say.opens,
    { day: day(state.next, now, zone, hours.meetings), at: at(state.next, zone), yours }) };
}

/** Put what holds now into an element. */
export function show(element, hours, now = Date.now()) {
  const { state, text } = describe(hours, now, new Intl.DateTimeFormat().resolvedOptions().timeZone);
  element.textContent = text;
  element.dataset.state = state;
}

function showAll() {
  for (const element of document.querySelectorAll("[data-hours]")) {
    try {
      show(element, JSON.parse(element.dataset.hours));
    } catch (error) {
      console.error(error); // the page's own words stay: they hold at any hour
    }
  }
}

showAll();
setInterval(showAll, 6e4); // a page left open stays right
