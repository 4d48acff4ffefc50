package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/gather-coop/gather/federation/client"

	"github.com/gather-coop/gather/internal/app/abuse"
	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/docs"
	"github.com/gather-coop/gather/internal/app/facilitator"
	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/app/followers"
	"github.com/gather-coop/gather/internal/app/gathering"
	"github.com/gather-coop/gather/internal/app/inbox"
	"github.com/gather-coop/gather/internal/app/myday"
	"github.com/gather-coop/gather/internal/app/netcal"
	"github.com/gather-coop/gather/internal/app/network"
	"github.com/gather-coop/gather/internal/app/notice"
	"github.com/gather-coop/gather/internal/app/picture"
	"github.com/gather-coop/gather/internal/app/poll"
	"github.com/gather-coop/gather/internal/app/profile"
	"github.com/gather-coop/gather/internal/app/reminder"
	"github.com/gather-coop/gather/internal/app/rsvp"
	"github.com/gather-coop/gather/internal/app/series"
	"github.com/gather-coop/gather/internal/app/standing"
	"github.com/gather-coop/gather/internal/store"
)

// App holds the rules. Handlers and jobs call its methods; it reads and
// writes through the store.
type App struct {
	store        store.Store
	log          *slog.Logger
	now          func() time.Time
	urls         URLs
	version      string
	allowHTTP    bool
	media        picture.Folder
	fed          *fed.Service
	acct         *account.Service
	follows      *followers.Service
	abuse        *abuse.Service
	prof         *profile.Service
	docs         *docs.Service
	rsvp         *rsvp.Service
	inbox        *inbox.Service
	notices      *notice.Service
	reminders    *reminder.Service
	myday        *myday.Service
	gatherings   *gathering.Service
	facilitators *facilitator.Service
	polls        *poll.Service
	series       *series.Service
	standing     *standing.Service
	network      *network.Service
	netcal       *netcal.Service
	inboxes      sharedInboxCount
}

// Config is what New needs.
type Config struct {
	Store store.Store
	// BaseURL is the public origin, e.g. https://events.example.coop.
	BaseURL string
	Logger  *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Version is Gather's version, for NodeInfo and the User-Agent.
	Version string
	// Client makes every outgoing federation request.
	Client *client.Client
	// SignatureMaxAge bounds the Date of incoming signatures; 12h when zero.
	SignatureMaxAge time.Duration
	// AllowHTTP lets WebFinger look-ups fall back to plain http (tests, LANs).
	AllowHTTP bool
	// MediaDir is the folder uploaded pictures are kept in, created when
	// the first arrives; "" refuses uploads.
	MediaDir string
}

// New returns an App.
func New(c Config) *App {
	events := new(docs.EventCache)
	a := &App{store: docs.NoticingStore(c.Store, events), log: c.Logger, now: c.Now, urls: URLs{Base: c.BaseURL}, version: c.Version, allowHTTP: c.AllowHTTP}
	if a.now == nil {
		a.now = time.Now
	}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	a.media = picture.Folder{Dir: c.MediaDir, Log: a.log}
	cl := c.Client
	if cl == nil {
		cl = client.New(client.Options{})
	}
	maxAge := c.SignatureMaxAge
	if maxAge <= 0 {
		maxAge = 12 * time.Hour
	}
	a.acct = account.New(a.store, a.log, a.now)
	a.docs = docs.New(docs.Config{Store: a.store, Now: a.now, URLs: a.urls, Accounts: a.acct, Events: events})
	a.fed = fed.New(fed.Config{Store: a.store, Logger: a.log, Now: a.now, URLs: a.urls, Client: cl, SignatureMaxAge: maxAge})
	a.follows = followers.New(followers.Config{Store: a.store, Logger: a.log, Now: a.now, URLs: a.urls, Accounts: a.acct, Fed: a.fed,
		Hooks: followers.Hooks{InTxMarkingProcessed: a.inTxMarkingProcessed, ResolveHandle: a.ResolveHandle, BlockPerson: a.BlockPerson}})
	a.abuse = abuse.New(abuse.Config{Store: a.store, Logger: a.log, Now: a.now, URLs: a.urls, Accounts: a.acct, Fed: a.fed, Followers: a.follows})
	a.prof = profile.New(profile.Config{Store: a.store, Logger: a.log, Now: a.now, URLs: a.urls, Version: a.version, Accounts: a.acct,
		Fed: a.fed, Media: a.media, Changed: a.docs.Changed})
	a.rsvp = rsvp.New(rsvp.Config{Store: a.store, Logger: a.log, Now: a.now, URLs: a.urls, Accounts: a.acct, Fed: a.fed,
		Changed: a.docs.Changed})
	a.notices = notice.New(notice.Config{Store: a.store, Now: a.now, URLs: a.urls, Fed: a.fed, RSVP: a.rsvp})
	a.standing = standing.New(standing.Config{Store: a.store, Logger: a.log, Now: a.now, URLs: a.urls, Fed: a.fed, RSVP: a.rsvp})
	a.network = network.New(network.Config{Store: a.store, Logger: a.log, Now: a.now, URLs: a.urls, Accounts: a.acct, Fed: a.fed,
		Followers: a.follows})
	a.myday = myday.New(myday.Config{Store: a.store, Now: a.now, URLs: a.urls, Notices: a.notices, Blocked: a.rsvp.PersonBlocked})
	a.inbox = inbox.New(inbox.Config{Store: a.store, Logger: a.log, Now: a.now, URLs: a.urls, Fed: a.fed, Followers: a.follows,
		Abuse: a.abuse, RSVP: a.rsvp, Standing: a.standing, TellCancelled: a.notices.TellCancelled, Network: a.network.Receive,
		MySessions: a.myday.Answer})
	a.facilitators = facilitator.New(a.log, a.fed, a.allowHTTP)
	a.polls = poll.New(a.store, a.urls, a.fed, a.docs, a.rsvp)
	a.reminders = reminder.New(reminder.Config{Store: a.store, Now: a.now, URLs: a.urls, Notices: a.notices, Blocked: a.rsvp.PersonBlocked})
	a.gatherings = gathering.New(gathering.Config{Store: a.store, Logger: a.log, Now: a.now, URLs: a.urls, Facilitators: a.facilitators, Polls: a.polls,
		Accounts: a.acct, Fed: a.fed, Profile: a.prof, Docs: a.docs, RSVP: a.rsvp, Notices: a.notices, Changed: a.docs.Changed,
		Remind: a.reminders.Schedule, ScheduleDays: a.myday.Schedule})
	a.netcal = netcal.New(a.store, a.urls, a.now)
	a.series = series.New(series.Config{Store: a.store, Now: a.now, URLs: a.urls, Accounts: a.acct, Gatherings: a.gatherings,
		Made: a.standing.Made})
	return a
}

// URLs returns the builder of this instance's public addresses.
func (a *App) URLs() URLs { return a.urls }

// Ready reports whether the database answers and its schema is current.
func (a *App) Ready(ctx context.Context) error {
	if err := a.store.Ping(ctx); err != nil {
		return err
	}
	status, err := a.store.SchemaStatus(ctx)
	if err != nil {
		return err
	}
	if !status.Current() {
		return fmt.Errorf("schema at version %d, want %d", status.Applied, status.Latest)
	}
	return nil
}

// JobCounts returns the number of jobs in each state, for metrics.
func (a *App) JobCounts(ctx context.Context) (map[string]int, error) {
	return a.store.JobCounts(ctx)
}

// FollowChanges subscribes this App's caches (served Events, through them
// the pages, and the blocked domains) to the change notices of every node
// sharing its database. Call it once, before serving.
func (a *App) FollowChanges(ctx context.Context) error {
	if err := a.docs.FollowChanges(ctx); err != nil {
		return err
	}
	return a.fed.FollowChanges(ctx)
}
