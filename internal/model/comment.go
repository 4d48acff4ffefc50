package model

import "time"

// Comment is a reply to one of our events that said nothing about coming:
// kept for the organisers to read.
type Comment struct {
	ID            int64
	GatheringID   int64
	SessionID     *int64
	RemoteActorID int64
	NoteURI       string
	ContentHTML   string // as received; sanitise before showing
	CreatedAt     time.Time
	Person        *RemoteActor // filled by listings
}
