package fedtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/webfinger"
)

// Response is what a server answered: its status, headers and body (read
// whole, up to 1 MiB).
type Response struct {
	Status  int
	Headers http.Header
	Body    []byte
}

// Sent is an activity an actor posted and the answer it got.
type Sent struct {
	// ID is the activity's id.
	ID string
	// Activity is the JSON that was posted.
	Activity []byte
	Response
}

// Post delivers activity to inbox, signed as the actor's flavour signs,
// with the flavour's Content-Type and User-Agent. Any answer, 2xx or not,
// is a Response; err is only for requests that got no answer.
func (a *Actor) Post(ctx context.Context, inbox string, activity []byte) (Response, error) {
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, inbox, bytes.NewReader(activity))
	if err != nil {
		return Response{}, fmt.Errorf("post to %s: %w", inbox, err)
	}
	return a.send(r, activity)
}

// Get fetches rawURL with a signed GET, asking for accept ("" means the
// ActivityStreams types the flavour asks for).
func (a *Actor) Get(ctx context.Context, rawURL, accept string) (Response, error) {
	r, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return Response{}, fmt.Errorf("get %s: %w", rawURL, err)
	}
	if accept != "" {
		r.Header.Set("Accept", accept)
	}
	return a.send(r, nil)
}

func (a *Actor) send(r *http.Request, body []byte) (Response, error) {
	r.Header.Set("User-Agent", a.server.flavor.UserAgent(a.server.base))
	if err := a.Sign(r, body); err != nil {
		return Response{}, fmt.Errorf("%s %s: %w", r.Method, r.URL, err)
	}
	return a.server.do(r)
}

// do sends r with the server's plain HTTP client and reads the answer.
func (s *Server) do(r *http.Request) (Response, error) {
	res, err := s.client.Do(r)
	if err != nil {
		return Response{}, fmt.Errorf("%s %s: %w", r.Method, r.URL, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, maxBody))
	if err != nil {
		return Response{}, fmt.Errorf("%s %s: read answer: %w", r.Method, r.URL, err)
	}
	return Response{Status: res.StatusCode, Headers: res.Header, Body: body}, nil
}

// Follow sends a Follow of object (an actor's id) to inbox, with a fresh id
// under the actor's server. Undo it with Undo(ctx, sent.Activity, inbox).
func (a *Actor) Follow(ctx context.Context, object, inbox string) (Sent, error) {
	id, _ := a.newID(kindFollow)
	b, err := federation.Follow(id, a.ID, object)
	if err != nil {
		return Sent{}, fmt.Errorf("follow %s: %w", object, err)
	}
	a.keep(id, b)
	return a.deliver(ctx, inbox, id, b)
}

// Undo sends an Undo of activity (the JSON of one of the actor's earlier
// activities: a Follow, Like, Announce…), embedded whole and addressed as
// the activity was, to inbox.
func (a *Actor) Undo(ctx context.Context, activity []byte, inbox string) (Sent, error) {
	undone, err := federation.DecodeActivity(activity)
	if err != nil {
		return Sent{}, fmt.Errorf("undo: %w", err)
	}
	if undone.Actor != a.ID {
		return Sent{}, fmt.Errorf("undo %s: it is %s's activity, not %s's", undone.ID, undone.Actor, a.ID)
	}
	id, _ := a.newID(kindUndo)
	b, err := federation.Undo(id, a.ID, undone.Raw, federation.Audience{To: undone.To, CC: undone.CC})
	if err != nil {
		return Sent{}, fmt.Errorf("undo %s: %w", undone.ID, err)
	}
	a.keep(id, b)
	return a.deliver(ctx, inbox, id, b)
}

func (a *Actor) deliver(ctx context.Context, inbox, id string, activity []byte) (Sent, error) {
	res, err := a.Post(ctx, inbox, activity)
	return Sent{ID: id, Activity: activity, Response: res}, err
}

// FetchActor fetches the actor document at actorURL with a signed GET and
// parses it. It fails unless the answer is 200, parses as an actor, and
// has an id on actorURL's origin.
func (a *Actor) FetchActor(ctx context.Context, actorURL string) (federation.RemoteActor, error) {
	res, err := a.Get(ctx, actorURL, "")
	if err != nil {
		return federation.RemoteActor{}, fmt.Errorf("fetch actor: %w", err)
	}
	if res.Status != http.StatusOK {
		return federation.RemoteActor{}, fmt.Errorf("fetch actor %s: status %d: %s", actorURL, res.Status, truncate(res.Body))
	}
	remote, err := federation.ParseActor(res.Body)
	if err != nil {
		return federation.RemoteActor{}, fmt.Errorf("fetch actor %s: %w", actorURL, err)
	}
	if !sameOrigin(actorURL, remote.ID) {
		return federation.RemoteActor{}, fmt.Errorf("fetch actor %s: document id %s is on another origin", actorURL, remote.ID)
	}
	return remote, nil
}

// WebFinger looks up a handle ("@user@host:port", "user@host:port" or
// "acct:user@host:port") over plain HTTP at that host, as a remote server
// would before following, and returns the account's actor id.
func (s *Server) WebFinger(ctx context.Context, handle string) (string, error) {
	user, host, err := webfinger.SplitHandle(handle)
	if err != nil {
		return "", fmt.Errorf("webfinger %q: %w", handle, err)
	}
	q := url.Values{"resource": {"acct:" + user + "@" + host}}
	u := "http://" + host + "/.well-known/webfinger?" + q.Encode()
	r, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", fmt.Errorf("webfinger %q: %w", handle, err)
	}
	r.Header.Set("Accept", webfinger.JRDContentType)
	r.Header.Set("User-Agent", s.flavor.UserAgent(s.base))
	res, err := s.do(r)
	if err != nil {
		return "", fmt.Errorf("webfinger %q: %w", handle, err)
	}
	if res.Status != http.StatusOK {
		return "", fmt.Errorf("webfinger %q: status %d: %s", handle, res.Status, truncate(res.Body))
	}
	jrd, err := webfinger.ParseJRD(res.Body)
	if err != nil {
		return "", fmt.Errorf("webfinger %q: %w", handle, err)
	}
	id, ok := jrd.ActorURL()
	if !ok {
		return "", fmt.Errorf("webfinger %q: no ActivityStreams self link", handle)
	}
	return id, nil
}

// sameOrigin reports whether two absolute URLs share scheme and host.
func sameOrigin(a, b string) bool {
	ua, errA := url.Parse(a)
	ub, errB := url.Parse(b)
	return errA == nil && errB == nil && ua.Scheme == ub.Scheme && ua.Host != "" &&
		strings.EqualFold(ua.Host, ub.Host)
}

// truncate shortens a body for an error message.
func truncate(b []byte) string {
	const max = 200
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}
