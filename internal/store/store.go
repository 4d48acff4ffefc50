// Package store defines how Gather persists its state: one Store interface,
// implemented for SQLite (internal/store/sqlite) and PostgreSQL
// (internal/store/postgres), and checked by one conformance suite
// (internal/store/storetest). The two share their queries, written once in
// internal/store/sqlstore (the federation plumbing tables' in its fedsql,
// the accounts' in its accountsql), and its migration runner; a backend
// keeps only what its dialect does its own way.
//
// Each backend also owns its River client, so that a change and the job that
// follows from it are written in the same transaction (Tx.Enqueue).
//
// # Several nodes
//
// Several gather processes (nodes) may share one PostgreSQL database, and
// each keeps caches. Change notices (Changes) keep those right: whoever
// changes what a cache holds sends a notice on a topic, and every node's
// subscribers to that topic drop what they hold of it. On PostgreSQL a
// notice is a NOTIFY, which reaches every node's one LISTEN connection;
// SQLite has one process, so its notices go only to that process's
// subscribers. Either way a notice sent in a transaction goes out only if
// and once it commits, and the sending process's own subscribers have it
// before InTx returns, so the request that made a change never reads the
// old value back from its own cache. Notices are not a queue: a node that
// is down misses them, which is fine for a cache (it starts empty) and
// wrong for anything that must happen once: that is what jobs are for.
//
// How app's caches (internal/app/docs/cache.go, internal/app/fed/cache.go) use
// them:
//
//   - One topic a cache: "events" for the event cache (every notice drops
//     all of it, payload unused, and moves ChangeStamp, which the public
//     pages' cache follows), "blocks" for the block list. The outbox cache
//     holds activities that never change and needs none.
//   - The write that changes cached data notifies in the same InTx as the
//     change, never after it: a notice sent after the commit is lost if
//     the process dies in between, one sent before it may reach another
//     node before the change is visible there. (docs.NoticingStore sends the
//     "events" notice for any transaction that cleared the event cache.)
//   - server.Open subscribes before serving. Notice drops; Missed drops
//     everything, since notices may have been lost while the listening
//     connection was down. The expiries remain, as a fallback only.
//   - A cache filled by a read that began before a notice arrived must
//     not keep what it read: take a stamp (eventCache.stamp) before the
//     read, have Notice move it, and put only if it has not moved.
//   - Notice and Missed run on the listener's goroutine, one at a time:
//     they may only drop entries (a map delete under the cache's lock),
//     never query the database or block.
package store

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/gather-coop/gather/internal/model"
)

// ErrNotFound is returned when the row asked for does not exist.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned when a write would break a uniqueness rule.
var ErrConflict = errors.New("conflict")

// ErrStale is returned when an update names a version of a row that is no
// longer the current one: someone else changed it meanwhile.
var ErrStale = errors.New("changed by someone else meanwhile")

// ErrNotShared is returned for a count kept for several nodes by a
// backend that serves one process (SQLite): the caller's own count is
// the whole count.
var ErrNotShared = errors.New("not shared between nodes")

// Store is the database. Its query methods run on their own; InTx runs many
// in one transaction.
type Store interface {
	Queries
	Changes

	// InTx runs fn in one write transaction: committed if fn returns nil,
	// rolled back otherwise. fn must use only the Tx it is given.
	InTx(ctx context.Context, fn func(Tx) error) error

	// Migrate applies every pending schema migration, Gather's and River's.
	Migrate(ctx context.Context) error
	// SchemaStatus tells how the database's schema compares to this binary's.
	SchemaStatus(ctx context.Context) (SchemaStatus, error)
	// Ping checks that the database answers.
	Ping(ctx context.Context) error

	// JobsStart starts working jobs with the workers given at Open.
	JobsStart(ctx context.Context) error
	// JobsStop waits for running jobs to finish until ctx is done, then
	// cancels those still running; a cancelled job is retried later.
	JobsStop(ctx context.Context) error
	// JobCounts returns the number of jobs in each River state.
	JobCounts(ctx context.Context) (map[string]int, error)
	// JobsOldestAvailable returns when the job that has waited longest to
	// be worked became due, and false when no job is due. A job scheduled
	// for later, or waiting out a retry's backoff, is not due yet; once
	// due it counts from when it fell due, whether or not River's
	// scheduler has made it available yet (no node running leaves it).
	JobsOldestAvailable(ctx context.Context) (time.Time, bool, error)
	// JobsRescue makes every job that the River client named clientID
	// left running available again at once, and returns how many. Call it
	// only for a client known to be dead, such as this node's previous
	// run: River's own rescuer waits RescueStuckJobsAfter, because it
	// cannot tell a dead client's jobs from a slow one's.
	JobsRescue(ctx context.Context, clientID string) (int, error)

	// InboxCount adds p.N (at least one) to the inbox POSTs p.Host sent
	// in the window starting at p.Window and returns that window's count,
	// summed over every node; ErrNotShared on a backend with one node. The
	// host's earlier windows are forgotten.
	InboxCount(ctx context.Context, p *InboxCountParams) (int, error)
	// InboxCountForget forgets the windows that started before before,
	// left by hosts that stopped sending.
	InboxCountForget(ctx context.Context, before time.Time) error

	// Close releases the database. Stop jobs first.
	Close() error
}

// InboxCountParams name the window of inbox POSTs being counted.
type InboxCountParams struct {
	Host   string
	Window time.Time // the window's start
	// N is how many POSTs this adds; 0 counts one.
	N int
}

// Tx is a write transaction.
type Tx interface {
	Queries
	Notifier

	// Enqueue inserts a job that becomes visible when the transaction commits.
	Enqueue(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error
	// EnqueueMany inserts many jobs at once, as Enqueue does.
	EnqueueMany(ctx context.Context, jobs []river.InsertManyParams) error
}

// Queries are the reads and writes both a Store and a Tx offer. Names are
// noun first, so they sort together.
type Queries interface {
	// One interface a table, each implemented once in the file of
	// internal/store/sqlstore named after it (the federation tables' in
	// sqlstore/fedsql, the accounts' in sqlstore/accountsql).
	ActivityQueries
	ActorQueries
	CoHostQueries
	CommentQueries
	FollowQueries
	GatheringQueries
	HostQueries
	MembershipQueries
	ModerationQueries
	ProfileQueries
	ProposalQueries
	RemoteActorQueries
	RemoteEventQueries
	ReportQueries
	AuditQueries
	CommentHideQueries
	RSVPQueries
	ReminderQueries
	MyDayQueries
	SeriesQueries
	StandingQueries
	SessionQueries
	SignInFailureQueries
	ShareQueries
	SlotPollQueries
	SourceQueries
	UserQueries
	UserAdminQueries
	WebSessionQueries
}

// ActorQueries are the queries on our own actors: the co-ops and people who
// publish (sqlstore/actors.go).
type ActorQueries interface {
	ActorCreate(ctx context.Context, p *ActorCreateParams) (model.Actor, error)
	ActorGetByHandle(ctx context.Context, handle string) (model.Actor, error)
	ActorGetByID(ctx context.Context, id int64) (model.Actor, error)
	// ActorUpdate changes a local actor's profile and settings.
	ActorUpdate(ctx context.Context, p *ActorUpdateParams) (model.Actor, error)
	// ActorList returns the local actors of kind, oldest first.
	ActorList(ctx context.Context, kind model.ActorKind) ([]model.Actor, error)
}

// UserQueries are the queries on the accounts that sign in, and their API
// tokens (sqlstore/users.go).
type UserQueries interface {
	UserCreate(ctx context.Context, p *UserCreateParams) (model.User, error)
	UserGetByUsername(ctx context.Context, username string) (model.User, error)
	UserCount(ctx context.Context) (int, error)

	TokenCreate(ctx context.Context, p *TokenCreateParams) error
	// TokenUser returns the user whose token hashes to hash, with what the
	// token may do, and notes the use.
	TokenUser(ctx context.Context, hash string, now time.Time) (model.User, model.TokenScope, error)
}

// RemoteActorQueries are the queries on our copies of actors on other
// servers (sqlstore/remote_actors.go).
type RemoteActorQueries interface {
	// RemoteActorUpsert stores a fetched actor, replacing the copy with the
	// same URI.
	RemoteActorUpsert(ctx context.Context, p *model.RemoteActor) (model.RemoteActor, error)
	RemoteActorGetByURI(ctx context.Context, uri string) (model.RemoteActor, error)
	RemoteActorGetByID(ctx context.Context, id int64) (model.RemoteActor, error)
	RemoteActorGetByKeyID(ctx context.Context, keyID string) (model.RemoteActor, error)
	// RemoteActorDelete forgets an actor and, by cascade, its follows.
	RemoteActorDelete(ctx context.Context, uri string) error
	// RemoteActorDeleteByInbox forgets the actors whose own inbox is inbox
	// (a server answered 410 Gone for it) and returns how many.
	RemoteActorDeleteByInbox(ctx context.Context, inbox string) (int, error)
}

// FollowQueries are the queries on remote actors following ours
// (sqlstore/follows.go).
type FollowQueries interface {
	// FollowUpsert records that a remote actor follows a local one, or
	// updates the Follow id and state of an existing follow.
	FollowUpsert(ctx context.Context, p *FollowUpsertParams) (model.Follow, error)
	FollowGet(ctx context.Context, actorID, remoteActorID int64) (model.Follow, error)
	FollowDelete(ctx context.Context, actorID, remoteActorID int64) error
	// FollowerList returns the remote actors following actorID in state,
	// newest first.
	FollowerList(ctx context.Context, p *FollowerListParams) ([]model.RemoteActor, error)
	FollowerCount(ctx context.Context, actorID int64, state model.FollowState) (int, error)
	// FollowerInboxes returns the distinct inboxes to deliver to for
	// actorID's accepted followers (shared inboxes when they have them),
	// leaving out blocked and unreachable hosts.
	FollowerInboxes(ctx context.Context, actorID int64) ([]string, error)
}

// ActivityQueries are the queries on activities received (inbox) and
// published (outbox) (sqlstore/activities.go).
type ActivityQueries interface {
	// InboxActivityInsert stores an incoming activity; ErrConflict if its
	// URI was seen before. A conflict leaves a transaction usable (the row
	// is skipped, not refused), so that the inbox can store a batch of
	// activities in one.
	InboxActivityInsert(ctx context.Context, p *model.InboxActivity) (int64, error)
	InboxActivityGet(ctx context.Context, id int64) (model.InboxActivity, error)
	// InboxActivityCount returns how many activities have been received.
	InboxActivityCount(ctx context.Context) (int, error)
	// InboxActivityMarkProcessed marks the activities ids processed at at.
	InboxActivityMarkProcessed(ctx context.Context, at time.Time, ids ...int64) error

	OutboxActivityInsert(ctx context.Context, p *model.OutboxActivity) (model.OutboxActivity, error)
	OutboxActivityGet(ctx context.Context, id int64) (model.OutboxActivity, error)
	OutboxActivityGetByURI(ctx context.Context, uri string) (model.OutboxActivity, error)
	// OutboxList returns the public Create activities of actorID (what it
	// published: events, posts) whose object has not been deleted (has no
	// tombstone), newest first. Updates and deletions are delivered and
	// fetchable, but not listed.
	OutboxList(ctx context.Context, p *OutboxListParams) ([]model.OutboxActivity, error)
	// OutboxCount counts what OutboxList lists, without its filters.
	OutboxCount(ctx context.Context, actorID int64) (int, error)
	// OutboxCreatesAbout returns every Create (public or not) by which
	// actorID published uri or an object under it (uri + "/…": an event's
	// poll and notes), oldest first.
	OutboxCreatesAbout(ctx context.Context, actorID int64, uri string) ([]model.OutboxActivity, error)
}

// HostQueries are the queries on how delivery to each server goes, and the
// blocked domains (sqlstore/hosts.go).
type HostQueries interface {
	// HostGet returns how delivery to host goes; ErrNotFound if never tried.
	HostGet(ctx context.Context, host string) (model.Host, error)
	// HostRecordSuccess clears any failure of host.
	HostRecordSuccess(ctx context.Context, host string, at time.Time) error
	// HostRecordFailure notes a failed delivery, and marks host unreachable
	// once it has been failing since before unreachableBefore.
	HostRecordFailure(ctx context.Context, host string, at, unreachableBefore time.Time) (model.Host, error)
	// HostClearUnreachable is called when host sends us something: it is
	// evidently back.
	HostClearUnreachable(ctx context.Context, host string) error
	// HostListFailing returns up to limit hosts whose deliveries are
	// failing, the longest failing first.
	HostListFailing(ctx context.Context, limit int) ([]model.Host, error)
	// HostCountSucceededSince counts the hosts that took a delivery at or
	// after since.
	HostCountSucceededSince(ctx context.Context, since time.Time) (int, error)

	DomainBlock(ctx context.Context, domain string, at time.Time) error
	DomainUnblock(ctx context.Context, domain string) error
	// DomainBlocked reports whether host or any parent domain of it is blocked.
	DomainBlocked(ctx context.Context, host string) (bool, error)
	DomainBlockList(ctx context.Context) ([]string, error)
}

// GatheringQueries are the queries on gatherings with their rooms and
// tracks, and the tombstones of deleted objects (sqlstore/gatherings.go).
type GatheringQueries interface {
	// GatheringCreate inserts a gathering's own row (not its rooms or
	// tracks) and returns its id.
	GatheringCreate(ctx context.Context, g *model.Gathering) (int64, error)
	// GatheringUpdate writes every field of g's row and increments its
	// version. With ExpectedVersion set, it fails with ErrStale unless the
	// stored version is that one.
	GatheringUpdate(ctx context.Context, g *model.Gathering, expectedVersion int) (model.Gathering, error)
	// GatheringGet returns a gathering with its rooms and tracks.
	GatheringGet(ctx context.Context, id int64) (model.Gathering, error)
	// GatheringList returns an actor's gatherings in the given states, by
	// start time, without rooms or tracks.
	GatheringList(ctx context.Context, p *GatheringListParams) ([]model.Gathering, error)
	GatheringDelete(ctx context.Context, id int64) error
	// RoomsSet makes a gathering's rooms exactly rooms, in order, keeping
	// the ids of rooms whose name stays; sessions in a dropped room lose it.
	RoomsSet(ctx context.Context, gatheringID int64, rooms []model.Room) ([]model.Room, error)
	// TracksSet does for tracks what RoomsSet does for rooms.
	TracksSet(ctx context.Context, gatheringID int64, tracks []model.Track) ([]model.Track, error)

	// TombstoneCreate records that the object uri was deleted.
	TombstoneCreate(ctx context.Context, uri, typ string, at time.Time) error
	// TombstoneGet returns when uri was deleted, or ErrNotFound.
	TombstoneGet(ctx context.Context, uri string) (time.Time, error)
}

// SessionQueries are the queries on the sessions of a gathering and their
// facilitators (sqlstore/sessions.go).
type SessionQueries interface {
	// SessionCreate inserts a session and its facilitators.
	SessionCreate(ctx context.Context, s *model.Session) (int64, error)
	// SessionUpdate writes a session and its facilitators and increments
	// its version; ErrStale as GatheringUpdate.
	SessionUpdate(ctx context.Context, s *model.Session, expectedVersion int) (model.Session, error)
	SessionGet(ctx context.Context, id int64) (model.Session, error)
	// SessionList returns a gathering's sessions by start time, room
	// position and title, with their facilitators.
	SessionList(ctx context.Context, gatheringID int64) ([]model.Session, error)
	// FacilitatorResolve records how looking a pending handle up ended:
	// each of the session's facilitators with that handle (any case) whose
	// lookup is pending takes Found's name, account fields and lookup
	// state, and, unless UpdatedAt is zero, the session's updated_at
	// becomes UpdatedAt (its Event changed; its version stays, so an open
	// form is not made stale). ErrNotFound when no pending facilitator has
	// the handle: it was removed, or found already.
	FacilitatorResolve(ctx context.Context, p *FacilitatorResolveParams) error
	SessionDelete(ctx context.Context, id int64) error
}

// RSVPQueries are the queries on the answers to a gathering or session, and
// their history (sqlstore/rsvps.go).
type RSVPQueries interface {
	// EventLock makes concurrent RSVPs to one event wait for each other
	// until the transaction ends (PostgreSQL: a row lock; SQLite: writes
	// are serialised already).
	EventLock(ctx context.Context, gatheringID int64, sessionID *int64) error
	// RSVPGet returns the answer of one person for one event.
	RSVPGet(ctx context.Context, k RSVPKey) (model.RSVP, error)
	// RSVPLastChange returns when an event's answers last changed (the
	// zero time for none): the Event's counts are as new as that.
	RSVPLastChange(ctx context.Context, gatheringID int64, sessionID *int64) (time.Time, error)
	// RSVPSave updates the answer r.ID, or with no ID inserts or updates
	// the answer with r's key, and records the change in the history.
	RSVPSave(ctx context.Context, r *model.RSVP) (model.RSVP, error)
	// RSVPCounts returns how many answers of each status an event has.
	RSVPCounts(ctx context.Context, gatheringID int64, sessionID *int64) (map[model.RSVPStatus]int, error)
	// RSVPWaitlist returns an event's waitlist, first in line first.
	RSVPWaitlist(ctx context.Context, gatheringID int64, sessionID *int64) ([]model.RSVP, error)
	// RSVPList returns every answer for a gathering and its sessions, with
	// the people.
	RSVPList(ctx context.Context, gatheringID int64) ([]model.RSVP, error)
	// RSVPListByActivity returns the answers a message gave.
	RSVPListByActivity(ctx context.Context, activityURI string) ([]model.RSVP, error)
	// RSVPListByPerson returns a remote actor's answers to gatherings
	// that have not ended by now.
	RSVPListByPerson(ctx context.Context, remoteActorID int64, now time.Time) ([]model.RSVP, error)
	RSVPDelete(ctx context.Context, id int64) error
}

// CommentQueries are the queries on replies shown under a gathering, and the
// actors blocked from answering (sqlstore/comments.go).
type CommentQueries interface {
	// CommentSave stores a reply, or replaces it when the same note is
	// edited.
	CommentSave(ctx context.Context, c *model.Comment) error
	// CommentDelete forgets the comment a deleted note made, when the
	// actor at authorURI wrote it: nobody deletes someone else's words.
	CommentDelete(ctx context.Context, noteURI, authorURI string) error
	// CommentList returns a gathering's comments, oldest first, with people.
	CommentList(ctx context.Context, gatheringID int64) ([]model.Comment, error)

	// ActorBlock stops a remote actor from answering; ActorBlocked tells.
	ActorBlock(ctx context.Context, uri string, at time.Time) error
	ActorUnblock(ctx context.Context, uri string) error
	ActorBlocked(ctx context.Context, uri string) (bool, error)
}

// FollowUpsertParams are the fields of a follow.
type FollowUpsertParams struct {
	ActorID       int64
	RemoteActorID int64
	FollowURI     string
	State         model.FollowState
	CreatedAt     time.Time
}

// FollowerListParams select a page of followers.
type FollowerListParams struct {
	ActorID int64
	State   model.FollowState
	Limit   int
	Offset  int
}

// RSVPKey names one person's answer for one event.
type RSVPKey struct {
	GatheringID   int64
	SessionID     *int64
	RemoteActorID *int64
	GuestKey      string
}

// GatheringListParams select gatherings.
type GatheringListParams struct {
	ActorID  int64
	Statuses []model.GatheringStatus
	// EndsAfter, when set, leaves out gatherings over by then.
	EndsAfter time.Time
	// Descending lists the latest first.
	Descending bool
	Limit      int
}

// FacilitatorResolveParams are the outcome of a facilitator's lookup.
type FacilitatorResolveParams struct {
	SessionID int64
	Handle    string
	Found     model.Facilitator
	UpdatedAt time.Time
}

// OutboxListParams select a page of an outbox.
type OutboxListParams struct {
	ActorID int64
	// ObjectURIs, when not empty, lists only the Creates of these objects.
	ObjectURIs []string
	// ExcludeObjectURIs leaves out the Creates of these objects.
	ExcludeObjectURIs []string
	// Limit 0 means no limit.
	Limit  int
	Offset int
}

// ActorCreateParams are the fields of a new local actor.
type ActorCreateParams struct {
	Handle        string
	Kind          model.ActorKind
	Name          string
	Summary       string
	PrivateKeyPEM string
	PublicKeyPEM  string
	CreatedAt     time.Time
}

// ActorUpdateParams are the changeable fields of a local actor.
type ActorUpdateParams struct {
	ID                        int64
	Name                      string
	Summary                   string
	ManuallyApprovesFollowers bool
	Discoverable              bool
}

// UserCreateParams are the fields of a new user.
type UserCreateParams struct {
	Username     string
	PasswordHash string
	Role         model.Role
	CreatedAt    time.Time
}

// TokenCreateParams are the fields of a new API token.
type TokenCreateParams struct {
	UserID    int64
	Hash      string
	Scope     model.TokenScope
	CreatedAt time.Time
}

// SchemaStatus compares the database's schema with the binary's migrations.
type SchemaStatus struct {
	Applied int // highest version recorded in the database
	Latest  int // highest version this binary knows
}

// Current reports whether every migration has been applied.
func (s SchemaStatus) Current() bool { return s.Applied == s.Latest }

// TooNew reports whether the database was migrated by a newer binary.
func (s SchemaStatus) TooNew() bool { return s.Applied > s.Latest }

// JobsConfig is how a backend builds its River client.
type JobsConfig struct {
	// Workers is the registry of job workers. Workers may be added to it
	// after Open, until JobsStart. Nil makes a store that can enqueue jobs
	// but not work them.
	Workers *river.Workers
	// Middleware wraps every job (metrics, logging).
	Middleware []rivertype.Middleware
	// MaxWorkers is the number of jobs worked at once. Default 200: most
	// jobs wait on other servers, and River fetches at most this many per
	// cooldown, so it bounds throughput too.
	MaxWorkers int
	// Logger receives River's own logs.
	Logger *slog.Logger
	// ID names this process's River client; it is what river_job's
	// attempted_by records. It must differ between processes sharing a
	// database. Empty lets River choose one.
	ID string
	// FetchPollInterval is how often River looks for jobs nobody told it
	// of (retries coming due, jobs another process inserted). Jobs
	// enqueued by a transaction of this store are fetched as it commits
	// (PostgreSQL notifies; the SQLite backend wakes River itself). Zero
	// means 100ms.
	FetchPollInterval time.Duration
	// Now, when set, is the clock River schedules jobs by, instead of
	// the database's and the process's: tests advance it.
	Now func() time.Time
	// PeriodicJobs are enqueued on their schedule by whichever process
	// leads River, so once however many run (a series' window moving on).
	PeriodicJobs []*river.PeriodicJob
}

// JobTimeout is the longest a job may run before its context is
// cancelled: a delivery or a fetch is bounded at 10 s, so a job runs for
// seconds, even waiting its turn for a busy host.
const JobTimeout = 20 * time.Second

// RescueStuckJobsAfter is how long a job may stay running before any node
// takes it back, on the assumption that whoever ran it died. River's
// rescuer looks every 30 s, so a dead node's jobs are retried within a
// minute. It must exceed JobTimeout, or live jobs would be taken back.
const RescueStuckJobsAfter = 25 * time.Second

// RiverConfig returns the River configuration shared by both backends.
func (c JobsConfig) RiverConfig() *river.Config {
	maxWorkers := c.MaxWorkers
	if maxWorkers <= 0 {
		maxWorkers = 200
	}
	logger := c.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	var queues map[string]river.QueueConfig
	if c.Workers != nil {
		queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: maxWorkers}}
	}
	return &river.Config{
		Workers:    c.Workers,
		Queues:     queues,
		Middleware: c.Middleware,
		Logger:     logger,
		// Committed jobs wake River at once; polling remains for the
		// rest, often enough that a retry coming due is not kept waiting.
		FetchPollInterval:    cmp.Or(c.FetchPollInterval, 100*time.Millisecond),
		FetchCooldown:        20 * time.Millisecond,
		ID:                   c.ID,
		RescueStuckJobsAfter: RescueStuckJobsAfter,
		JobTimeout:           JobTimeout,
		Test:                 river.TestConfig{Time: riverClock(c.Now)},
		PeriodicJobs:         c.PeriodicJobs,
	}
}

// StopJobs is JobsStop for both backends' River clients: it waits for
// running jobs until ctx is done, then cancels those still running.
func StopJobs[TTx any](ctx context.Context, client *river.Client[TTx]) error {
	err := client.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		// Time is up: cancel what still runs, so River records each as
		// failed-and-retryable rather than leaving it stuck as running.
		cancelCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 4*time.Second)
		defer cancel()
		return client.StopAndCancel(cancelCtx)
	}
	return err
}
