// Package facilitator is the room of the people named as running a
// session: what an organiser typed (names and fediverse handles) turned
// into facilitators, each handle looked up by WebFinger and its actor
// fetched, and the job that looks up again a handle whose server did not
// answer. Recording a later look-up's result in a session is package
// gathering's: it changes the gathering.
package facilitator

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gather-coop/gather/federation/client"
	"github.com/gather-coop/gather/federation/webfinger"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/app/input"
	"github.com/gather-coop/gather/internal/model"
)

// errBadHandle means a handle is not shaped like @user@host.
var errBadHandle = errors.New("not a fediverse handle")

// Warning is something saved that the organiser should look at: a
// facilitator's handle that could not be confirmed yet.
type Warning struct {
	Field   string `json:"field"`
	Handle  string `json:"handle"`
	Warning string `json:"warning"`
}

func unconfirmedWarning(field, handle string) Warning {
	return Warning{Field: field, Handle: handle, Warning: handle + " could not be confirmed: its server did not answer just now. " +
		"The session is saved; Gather keeps looking, and mentions them once found."}
}

// LookupMayWorkLater reports whether a failed lookup of a handle is worth
// trying again: its server was down, slow or answered 5xx, rather than
// saying there is no such account.
func LookupMayWorkLater(err error) bool {
	return !errors.Is(err, apperr.ErrNoSuchAccount) && !errors.Is(err, errBadHandle) && !errors.Is(err, apperr.ErrBlocked) &&
		!errors.Is(err, client.ErrForbiddenAddress) && !errors.Is(err, client.ErrForbiddenScheme)
}

// Resolve turns what an organiser typed (names and handles)
// into facilitators, looking each handle up by WebFinger. A handle whose
// server says there is no such account is an error naming it. One that
// cannot be looked up right now (server down, slow, 5xx) is kept pending,
// with a warning, for a job to look up again (see Enqueue). A
// handle among known (the session's facilitators as saved) keeps its
// saved copy when the lookup fails, so that editing or moving a session
// does not fail because a facilitator's server is down today.
func (s *Service) Resolve(ctx context.Context, field string, entries []string, known ...model.Facilitator) ([]model.Facilitator, []Warning, error) {
	var out []model.Facilitator
	var warnings []Warning
	for i, entry := range entries {
		entry = strings.TrimSpace(entry)
		f := fmt.Sprintf("%s[%d]", field, i)
		if entry == "" {
			continue
		}
		if !fed.LooksLikeHandle(entry) {
			if err := input.CheckText(f, entry, true, input.MaxName); err != nil {
				return nil, nil, err
			}
			out = append(out, model.Facilitator{Name: entry})
			continue
		}
		fac, err := s.ResolveHandle(ctx, entry)
		if err != nil {
			saved, ok := savedFacilitator(known, entry)
			switch refused := refusal(f, entry, ", or give a name instead", err); {
			case ok:
				s.log.WarnContext(ctx, "facilitator not found; keeping the saved copy", "handle", entry, "error", err)
				fac = saved
			case refused != nil:
				return nil, nil, refused
			default:
				s.log.InfoContext(ctx, "facilitator's server did not answer; saved unconfirmed", "handle", entry, "error", err)
				fac = model.Facilitator{Handle: normalHandle(entry), Lookup: model.LookupPending}
			}
		}
		if fac.Lookup == model.LookupPending {
			warnings = append(warnings, unconfirmedWarning(f, fac.Handle))
		}
		out = append(out, fac)
	}
	return out, warnings, nil
}

// refusal is the field error for entry, a handle that could not be
// found (instead: what else the organiser may give), or nil when its
// server may answer later.
func refusal(field, entry, instead string, err error) error {
	switch {
	case errors.Is(err, apperr.ErrNoSuchAccount):
		return apperr.Invalid(field, "%s could not be found on the fediverse: its server says there is no such account. Check the spelling%s", entry, instead)
	case !LookupMayWorkLater(err):
		return apperr.Invalid(field, "%s could not be found on the fediverse: check the spelling%s", entry, instead)
	}
	return nil
}

// normalHandle is handle as @user@host.
func normalHandle(handle string) string {
	user, host, err := webfinger.SplitHandle(handle)
	if err != nil {
		return handle
	}
	return "@" + user + "@" + host
}

// savedFacilitator is the one of known whose handle is handle, with or
// without its leading @.
func savedFacilitator(known []model.Facilitator, handle string) (model.Facilitator, bool) {
	want := "@" + strings.TrimPrefix(strings.ToLower(handle), "@")
	for _, f := range known {
		if f.Handle != "" && strings.ToLower(f.Handle) == want {
			return f, true
		}
	}
	return model.Facilitator{}, false
}

// ResolveHandle finds the account @user@host by WebFinger and fetches its
// actor, for showing it (name, avatar) and mentioning it.
func (s *Service) ResolveHandle(ctx context.Context, handle string) (model.Facilitator, error) {
	user, host, err := webfinger.SplitHandle(handle)
	if err != nil {
		return model.Facilitator{}, fmt.Errorf("%w: %w", errBadHandle, err)
	}
	schemes := []string{"https"}
	if s.allowHTTP {
		schemes = append(schemes, "http")
	}
	var actorURI string
	noAccount := false // some server answered that the account does not exist
	for _, scheme := range schemes {
		query := scheme + "://" + host + "/.well-known/webfinger?resource=acct:" + user + "@" + host
		body, ferr := s.fed.Client().GetJSON(ctx, query, client.AcceptJRD, nil)
		if ferr != nil {
			noAccount = noAccount || accountGone(ferr)
			err = ferr
			continue
		}
		jrd, perr := webfinger.ParseJRD(body)
		if perr != nil {
			err = perr
			continue
		}
		if uri, ok := jrd.ActorURL(); ok {
			actorURI, err = uri, nil
			break
		}
		noAccount, err = true, fmt.Errorf("%s has no ActivityPub actor", handle)
	}
	if actorURI == "" && noAccount {
		return model.Facilitator{}, fmt.Errorf("resolve %s: %w: %w", handle, apperr.ErrNoSuchAccount, err)
	}
	if actorURI == "" {
		return model.Facilitator{}, fmt.Errorf("resolve %s: %w", handle, err)
	}
	r, err := s.fed.RemoteActor(ctx, actorURI, false)
	if err != nil && accountGone(err) {
		return model.Facilitator{}, fmt.Errorf("resolve %s: %w: %w", handle, apperr.ErrNoSuchAccount, err)
	}
	if err != nil {
		return model.Facilitator{}, fmt.Errorf("resolve %s: %w", handle, err)
	}
	return model.Facilitator{
		Name: r.Name, Handle: "@" + user + "@" + host, ActorURI: r.URI,
		ProfileURL: r.URL, AvatarURL: r.IconURL, Inbox: r.Inbox,
	}, nil
}

// accountGone reports whether err is a server's answer that what was asked
// for does not exist: 404 or 410.
func accountGone(err error) bool {
	var se *client.StatusError
	return errors.As(err, &se) && (se.Code == http.StatusNotFound || se.Code == http.StatusGone)
}

// Service looks facilitators up. Its zero value is not usable; see New.
type Service struct {
	log       *slog.Logger
	fed       *fed.Service
	allowHTTP bool
}

// New returns a Service that looks handles up through fed's client;
// allowHTTP lets WebFinger fall back to plain http (tests, LANs).
func New(log *slog.Logger, f *fed.Service, allowHTTP bool) *Service {
	return &Service{log: log, fed: f, allowHTTP: allowHTTP}
}
