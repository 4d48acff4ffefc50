package app

import "github.com/gather-coop/gather/internal/app/localurl"

// URLs builds the public addresses of local things, and reads them back:
// see package localurl, where every one of them is built and parsed.
type URLs = localurl.URLs

// EventKind tells gatherings from sessions in public URLs.
type EventKind = localurl.EventKind

// The kinds of event.
const (
	KindGathering = localurl.KindGathering
	KindSession   = localurl.KindSession
)

// EventPath is what one of our URLs under an event says.
type EventPath = localurl.EventPath
