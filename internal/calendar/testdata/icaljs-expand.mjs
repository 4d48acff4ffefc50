// Reads an iCalendar file on standard input with ical.js (the module at
// $GATHER_ICALJS) and prints the first N occurrences (argv[2]) of its one
// recurring event, one per line, as UTC instants:
//   RECURRENCE-ID START END STATUS
// Exceptions (RECURRENCE-ID VEVENTs) replace the occurrence they name.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const ICAL = (await import(pathToFileURL(process.env.GATHER_ICALJS).href)).default;
const limit = Number(process.argv[2]);
const root = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));
for (const tz of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(tz);
}
const vevents = root.getAllSubcomponents("vevent");
const master = new ICAL.Event(vevents.find((v) => !v.hasProperty("recurrence-id")));
for (const v of vevents.filter((v) => v.hasProperty("recurrence-id"))) {
  master.relateException(new ICAL.Event(v));
}
const utc = (t) => t.toJSDate().toISOString();
const it = master.iterator();
for (let n = 0, next; n < limit && (next = it.next()); n++) {
  const o = master.getOccurrenceDetails(next);
  const status = o.item.component.getFirstPropertyValue("status") || "";
  console.log([utc(o.recurrenceId), utc(o.startDate), utc(o.endDate), status].join(" "));
}
