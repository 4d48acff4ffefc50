package store

import (
	"context"
	"time"

	"github.com/gather-coop/gather/internal/model"
)

// SourceQueries keep the remote actors our co-op accounts follow for the
// network calendar (sqlstore/sources.go).
type SourceQueries interface {
	// SourceCreate stores a source, pending, and returns its id;
	// ErrConflict when its actor (or its Follow's id) is stored already.
	SourceCreate(ctx context.Context, s *model.Source) (int64, error)
	SourceGet(ctx context.Context, id int64) (model.Source, error)
	SourceGetByActor(ctx context.Context, actorURI string) (model.Source, error)
	// SourceGetByFollow finds the source an Accept or Reject answers.
	SourceGetByFollow(ctx context.Context, followURI string) (model.Source, error)
	// SourceList returns every source, by handle, each with how many of
	// its events end (or, without an end, start) after now.
	SourceList(ctx context.Context, now time.Time) ([]model.Source, error)
	// SourceAnswered records an Accept (accepted_at = at) or a Reject.
	SourceAnswered(ctx context.Context, id int64, state model.SourceState, at time.Time) error
	// SourceHeard records that the source answered or sent something at
	// at: it is reachable again.
	SourceHeard(ctx context.Context, id int64, at time.Time) error
	// SourceUnreachable records a failure to reach it at at; the first
	// since it last answered is kept.
	SourceUnreachable(ctx context.Context, id int64, at time.Time) error
	// SourceDelete removes a source and every event of it.
	SourceDelete(ctx context.Context, id int64) error
}

// RemoteEventQueries keep the events of sources (sqlstore/remote_events.go).
type RemoteEventQueries interface {
	// RemoteEventUpsert stores e, or replaces the stored copy when e's
	// Version is later (or neither has one). It reports whether it wrote;
	// ErrConflict when another source's event has that object id (an
	// Update of someone else's event).
	RemoteEventUpsert(ctx context.Context, e *model.RemoteEvent) (bool, error)
	// RemoteEventGet returns one event by object id, with its source and
	// its Raw JSON (which lists leave "").
	RemoteEventGet(ctx context.Context, objectURI string) (model.RemoteEvent, error)
	// RemoteEventDelete removes a source's event and its sessions;
	// ErrNotFound when the source has no event of that id.
	RemoteEventDelete(ctx context.Context, sourceID int64, objectURI string) error
	// RemoteEventUpcoming lists, by start, the events of accepted sources
	// that end after p.After (or, without an end, start after it): the
	// gatherings, and the sessions whose gathering is not stored.
	RemoteEventUpcoming(ctx context.Context, p *RemoteEventListParams) ([]model.RemoteEvent, error)
	// RemoteEventSessions lists a gathering's sessions by start.
	RemoteEventSessions(ctx context.Context, parentURI string) ([]model.RemoteEvent, error)
}

// RemoteEventListParams select upcoming remote events.
type RemoteEventListParams struct {
	After time.Time
	// SourceID, when set, keeps one source's.
	SourceID int64
	Limit    int
}

// ShareQueries keep the sources' events our co-op accounts shared with
// their followers (sqlstore/shares.go).
type ShareQueries interface {
	// ShareCreate stores a live share and returns its id; ErrConflict
	// when the account shares that event already.
	ShareCreate(ctx context.Context, s *model.Share) (int64, error)
	// ShareLive returns the account's live share of an event;
	// ErrNotFound when there is none.
	ShareLive(ctx context.Context, actorID int64, objectURI string) (model.Share, error)
	// ShareGetByAnnounce returns the share whose Announce has that id,
	// live or undone.
	ShareGetByAnnounce(ctx context.Context, announceURI string) (model.Share, error)
	// ShareList returns the account's live shares, newest first.
	ShareList(ctx context.Context, actorID int64) ([]model.Share, error)
	// ShareUndo marks a live share undone at at by the Undo undoURI;
	// ErrNotFound when it is not live.
	ShareUndo(ctx context.Context, id int64, undoURI string, at time.Time) error
}
