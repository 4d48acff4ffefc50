package app

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/gather-coop/gather/federation/client"
	"github.com/gather-coop/gather/federation/webfinger"
	"github.com/gather-coop/gather/internal/model"
)

// handleRE matches a fediverse handle, @user@host or user@host.
var fediHandleRE = regexp.MustCompile(`^@?[^@\s]+@[^@\s]+\.[^@\s]+$|^@?[^@\s]+@[^@\s]+:\d+$`)

// resolveFacilitators turns what an organiser typed (names and handles)
// into facilitators, looking each handle up by WebFinger. A handle that
// cannot be found is an error naming it, unless it is one of known (the
// session's facilitators as saved): then the saved copy stands, so that
// editing or moving a session does not fail because a facilitator's
// server is down today.
func (a *App) resolveFacilitators(ctx context.Context, field string, entries []string, known ...model.Facilitator) ([]model.Facilitator, error) {
	var out []model.Facilitator
	for i, entry := range entries {
		entry = strings.TrimSpace(entry)
		f := fmt.Sprintf("%s[%d]", field, i)
		if entry == "" {
			continue
		}
		if !fediHandleRE.MatchString(entry) {
			if err := checkText(f, entry, true, maxName); err != nil {
				return nil, err
			}
			out = append(out, model.Facilitator{Name: entry})
			continue
		}
		fac, err := a.ResolveHandle(ctx, entry)
		if err != nil {
			saved, ok := savedFacilitator(known, entry)
			if !ok {
				return nil, invalid(f, "%s could not be found on the fediverse: check the spelling, or give a name instead", entry)
			}
			a.log.WarnContext(ctx, "facilitator not found; keeping the saved copy", "handle", entry, "error", err)
			fac = saved
		}
		out = append(out, fac)
	}
	return out, nil
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
func (a *App) ResolveHandle(ctx context.Context, handle string) (model.Facilitator, error) {
	user, host, err := webfinger.SplitHandle(handle)
	if err != nil {
		return model.Facilitator{}, err
	}
	schemes := []string{"https"}
	if a.allowHTTP {
		schemes = append(schemes, "http")
	}
	var actorURI string
	for _, scheme := range schemes {
		query := scheme + "://" + host + "/.well-known/webfinger?resource=acct:" + user + "@" + host
		body, ferr := a.client.GetJSON(ctx, query, client.AcceptJRD, nil)
		if ferr != nil {
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
		err = fmt.Errorf("%s has no ActivityPub actor", handle)
	}
	if actorURI == "" {
		return model.Facilitator{}, fmt.Errorf("resolve %s: %w", handle, err)
	}
	r, err := a.RemoteActor(ctx, actorURI, false)
	if err != nil {
		return model.Facilitator{}, fmt.Errorf("resolve %s: %w", handle, err)
	}
	return model.Facilitator{
		Name: r.Name, Handle: "@" + user + "@" + host, ActorURI: r.URI,
		ProfileURL: r.URL, AvatarURL: r.IconURL, Inbox: r.Inbox,
	}, nil
}
