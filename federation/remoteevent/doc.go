// Package remoteevent reads the events other servers publish (Gather,
// Gancio, Mobilizon, anything that speaks FEP-8a8e's Event) into one plain
// [Event], for a Gather instance that follows them and shows their
// calendar beside its own.
//
// It is pure like its parent package federation: no network, no clock (the
// caller passes now), no storage. What it cannot check itself it says
// with a typed error: an object whose id is not on its actor's origin
// comes back as a [*FetchError], and the caller fetches the object from
// its id (and reads it with [ParseFetched]) rather than trusting the
// sender's copy.
//
//	inbox activity ──► Read ──► Incoming{Upsert: Event} or {Delete: id}
//	                      └───► *FetchError{ID} ─fetch id─► ParseFetched
//	outbox ─fetch─► ReadOutboxPage … (next, up to a limit, until all past)
//
// Each server's shapes, and what they become:
//
//   - location: a Place with a string address (Gancio) or a PostalAddress
//     (Mobilizon, Gather) and latitude/longitude (Place); a VirtualLocation
//     with url (FEP-8a8e, Gancio) or address.url (Gather, read by Gancio)
//     (OnlineURL); a list of either, Mobilizon never sends one;
//   - the online link also as an attachment Link named "Website"
//     (Mobilizon; Gather writes it too);
//   - status from eventStatus (FEP-8a8e, Gather), else "ical:status" or
//     "status" (Mobilizon: CONFIRMED, TENTATIVE, CANCELLED). Gancio sends
//     none: its events read as scheduled. Gather also writes "Cancelled: "
//     before a cancelled event's name for Gancio's sake; that prefix is
//     taken off again when the status says so;
//   - the picture: the first image attachment (Gancio, Mobilizon, Gather),
//     else "image". Only its address is kept; nothing is fetched;
//   - superEvent/subEvent: a Gather gathering and its sessions.
//
// Summary and content are sanitised here, with bluemonday like the
// descriptions the app renders, but without images: a remote event must
// not make our pages load pictures from its server.
package remoteevent
