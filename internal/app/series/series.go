// Package series is the room of gatherings that repeat, such as the
// monthly call: a series created, changed, split ("this and the
// following") or deleted, and the rolling window of its next occurrences
// kept as real gatherings (window.go), each made by package gathering's
// create path and linked to the series in the same transaction.
//
// The arithmetic of dates is package recur's; the calendar is package
// calendar's. A series never federates: each occurrence goes out as the
// gathering it is.
package series

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/gathering"
	"github.com/gather-coop/gather/internal/app/input"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/recur"
	"github.com/gather-coop/gather/internal/store"
)

// Window is how many coming occurrences a series keeps as gatherings.
const Window = 3

// Limits on what organisers write.
const (
	maxTitle       = 200
	maxSummary     = 500
	maxDescription = 20000
	maxDuration    = 7 * 24 * time.Hour
)

// Service keeps the series. Its zero value is not usable; see New.
type Service struct {
	store      store.Store
	now        func() time.Time
	urls       localurl.URLs
	acct       *account.Service
	gatherings *gathering.Service
	made       func(ctx context.Context, tx store.Tx, o model.SeriesOccurrence) error
}

// Config is what New needs.
type Config struct {
	// Store must be App's store (docs.NoticingStore).
	Store      store.Store
	Now        func() time.Time
	URLs       localurl.URLs
	Accounts   *account.Service
	Gatherings *gathering.Service
	// Made, when set, runs in the transaction that makes an occurrence,
	// once it is linked: the standing RSVPs' job is enqueued there.
	Made func(ctx context.Context, tx store.Tx, o model.SeriesOccurrence) error
}

// New returns a Service.
func New(c Config) *Service {
	return &Service{store: c.Store, now: c.Now, urls: c.URLs, acct: c.Accounts, gatherings: c.Gatherings, made: c.Made}
}

// Input is a series as organisers write it: the body of POST
// /api/v1/series and the admin form. Rule is recur's stored form, first
// start included, local to Timezone, e.g.
// {"start":"2027-01-12T18:00","freq":"monthly","weekdays":["TU"],"week":2}.
type Input struct {
	Title           string          `json:"title"`
	Summary         string          `json:"summary"`
	Description     string          `json:"description"`
	Rule            json.RawMessage `json:"rule"`
	Timezone        string          `json:"timezone"`
	DurationMinutes int             `json:"duration_minutes"`
	// Online is true unless given: a series is a call by default.
	Online  *bool  `json:"online"`
	CallURL string `json:"call_url"`
	// LinkForAttendees keeps the call link off the public Event, page and
	// calendars; true unless given for an online series.
	LinkForAttendees *bool `json:"link_for_attendees"`
	// ReminderMinutes are how long before each occurrence those going are
	// reminded; model.DefaultReminders when nil.
	ReminderMinutes []int `json:"reminder_minutes"`
}

// check reads in into s (every field but the ids and times), naming each
// field that is wrong.
func check(in *Input, s *model.Series) error {
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	add(input.CheckText("title", in.Title, true, maxTitle))
	add(input.CheckText("summary", in.Summary, false, maxSummary))
	add(input.CheckText("description", in.Description, false, maxDescription))
	d := time.Duration(in.DurationMinutes) * time.Minute
	if in.DurationMinutes <= 0 || d > maxDuration {
		add(apperr.Invalid("duration_minutes", "give how long each occurrence lasts, in minutes (at most a week)"))
	}
	var rule recur.Rule
	if len(in.Rule) == 0 || string(in.Rule) == "null" {
		add(apperr.Invalid("rule", "is required: when the series meets, e.g. monthly on the second Tuesday"))
	} else if r, err := recur.Parse(string(in.Rule)); err != nil {
		add(apperr.Invalid("rule", "%s", strings.TrimPrefix(err.Error(), "parse rule: ")))
	} else {
		rule = r
	}
	zone := strings.TrimSpace(in.Timezone)
	if zone == "" {
		add(apperr.Invalid("timezone", "is required, e.g. Europe/London"))
	} else if _, err := time.LoadLocation(zone); err != nil || zone == "Local" {
		add(apperr.Invalid("timezone", "%q is not a time zone name such as Europe/London", in.Timezone))
	}
	online := in.Online == nil || *in.Online
	call := strings.TrimSpace(in.CallURL)
	if call != "" {
		add(input.CheckURL("call_url", call))
	}
	if online && call == "" {
		add(apperr.Invalid("call_url", "an online series needs the link to its call"))
	}
	reminders := model.DefaultReminders(online)
	if in.ReminderMinutes != nil {
		reminders = nil
		for i, m := range in.ReminderMinutes {
			if m <= 0 || m > 7*24*60 {
				add(apperr.Invalid(fmt.Sprintf("reminder_minutes[%d]", i), "must be between 1 minute and a week"))
			}
			reminders = append(reminders, time.Duration(m)*time.Minute)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	s.Title, s.Summary, s.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Summary), in.Description
	s.Rule, s.Timezone, s.Duration = rule.String(), zone, d
	s.Online, s.CallURL = online, call
	s.LinkForAttendees = online && (in.LinkForAttendees == nil || *in.LinkForAttendees)
	s.Reminders = reminders
	return nil
}

// Schedule is a series' rule in its zone with its duration.
func Schedule(s model.Series) (recur.Schedule, error) {
	rule, err := recur.Parse(s.Rule)
	if err != nil {
		return recur.Schedule{}, err
	}
	return recur.NewSchedule(rule, s.Timezone, s.Duration)
}

// Create saves a new series of the co-op handle and makes its first
// occurrences, published.
func (ss *Service) Create(ctx context.Context, handle string, in *Input) (model.Series, error) {
	actor, err := ss.acct.Actor(ctx, handle)
	if err != nil {
		return model.Series{}, err
	}
	if err := ss.acct.Authorize(ctx, actor, account.Write); err != nil {
		return model.Series{}, err
	}
	now := ss.now().UTC().Truncate(time.Second)
	s := model.Series{ActorID: actor.ID, CreatedAt: now, UpdatedAt: now}
	if err := check(in, &s); err != nil {
		return model.Series{}, err
	}
	if s.ID, err = ss.store.SeriesCreate(ctx, &s); err != nil {
		return model.Series{}, err
	}
	s.Version = 1
	if _, err := ss.fill(ctx, actor, s); err != nil {
		return s, fmt.Errorf("series %d saved, its occurrences not yet: %w", s.ID, err)
	}
	return s, nil
}

// Get returns a series, for its organisers.
func (ss *Service) Get(ctx context.Context, id int64) (model.Series, error) {
	s, actor, err := ss.load(ctx, id)
	if err != nil {
		return model.Series{}, err
	}
	if err := ss.acct.Authorize(ctx, actor, account.Read); err != nil {
		return model.Series{}, err
	}
	return s, nil
}

// Public returns a series for anyone: its page and calendar.
func (ss *Service) Public(ctx context.Context, id int64) (model.Series, model.Actor, error) {
	return ss.load(ctx, id)
}

// PublicOf returns the series of the co-op account actor, for anyone
// (its calendar names them all), oldest first.
func (ss *Service) PublicOf(ctx context.Context, actor model.Actor) ([]model.Series, error) {
	return ss.store.SeriesList(ctx, actor.ID)
}

func (ss *Service) load(ctx context.Context, id int64) (model.Series, model.Actor, error) {
	s, err := ss.store.SeriesGet(ctx, id)
	if err != nil {
		return model.Series{}, model.Actor{}, err
	}
	actor, err := ss.store.ActorGetByID(ctx, s.ActorID)
	if err != nil {
		return model.Series{}, model.Actor{}, err
	}
	return s, actor, nil
}

// List returns the co-op handle's series, oldest first.
func (ss *Service) List(ctx context.Context, handle string) ([]model.Series, error) {
	actor, err := ss.acct.Actor(ctx, handle)
	if err != nil {
		return nil, err
	}
	if err := ss.acct.Authorize(ctx, actor, account.Read); err != nil {
		return nil, err
	}
	return ss.store.SeriesList(ctx, actor.ID)
}

// Update replaces what a series is (as Create reads it) and fills its
// window by the new rule. Occurrences already made are gatherings of
// their own by then and stay as they are (an organiser changes one with
// the gathering's edit, or all from one on with SplitFrom), but for the
// link they show: a new call link, or the switch between a public link
// and one for those going, reaches the coming ones (movePublicLink). With
// expectedVersion set it fails with ErrStale unless the series is at
// that version.
func (ss *Service) Update(ctx context.Context, id int64, in *Input, expectedVersion int) (model.Series, error) {
	s, actor, err := ss.load(ctx, id)
	if err != nil {
		return model.Series{}, err
	}
	if err := ss.acct.Authorize(ctx, actor, account.Write); err != nil {
		return model.Series{}, err
	}
	oldCall, oldPublic := s.CallURL, ss.publicLink(s)
	if err := check(in, &s); err != nil {
		return model.Series{}, err
	}
	s.UpdatedAt = ss.now().UTC().Truncate(time.Second)
	// A new call_url is a rotation (see RotateCallLink).
	if s, err = ss.save(ctx, s, expectedVersion, oldCall); err != nil {
		return model.Series{}, err
	}
	if err := ss.movePublicLink(ctx, s, oldPublic); err != nil {
		return s, err
	}
	if _, err := ss.fill(ctx, actor, s); err != nil {
		return s, fmt.Errorf("series %d saved, its occurrences not yet: %w", s.ID, err)
	}
	return s, nil
}

// Delete removes a series. Its occurrences stay, gatherings of their own.
func (ss *Service) Delete(ctx context.Context, id int64) error {
	_, actor, err := ss.load(ctx, id)
	if err != nil {
		return err
	}
	if err := ss.acct.Authorize(ctx, actor, account.Write); err != nil {
		return err
	}
	return ss.store.SeriesDelete(ctx, id)
}
