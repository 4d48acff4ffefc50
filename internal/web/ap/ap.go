// Package ap serves the ActivityPub side of Gather: actors, their inboxes
// and collections, activity ids, and discovery (WebFinger, NodeInfo,
// host-meta). Handlers translate between HTTP and app; the protocol itself
// is in the federation packages.
package ap

import (
	"errors"
	"io"
	"log/slog"
	"math"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/httpsig"
	"github.com/gather-coop/gather/federation/webfinger"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/respond"
)

// MaxBody is the largest inbox POST accepted.
const MaxBody = 1 << 20

// Config is what Routes needs.
type Config struct {
	App *app.App
	Log *slog.Logger
	// Metrics receives the inbox counters.
	Metrics prometheus.Registerer
	// AuthorizedFetch requires signed GETs for collections and activities.
	AuthorizedFetch bool
	// InboxRate and InboxBurst limit inbox POSTs per remote host;
	// defaults 50/s and 500.
	InboxRate  float64
	InboxBurst int
}

type handler struct {
	Config
	limiter *hostLimiter
	// perWindow is the POSTs a host may send to all nodes together in
	// one app.InboxWindow: the rate over the window.
	perWindow int
	inbox     *prometheus.CounterVec
}

// Mount adds the ActivityPub routes to r.
func Mount(r chi.Router, c Config) {
	h := &handler{Config: c, limiter: newHostLimiter(c.InboxRate, c.InboxBurst), perWindow: sharedPerWindow(c.InboxRate)}
	h.inbox = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "gather_inbox_activities_total",
		Help: "Activities POSTed to our inboxes, by type and result (accepted, duplicate, malformed, foreign_id, blocked, rate_limited, and why a signature failed).",
	}, []string{"type", "result"})
	c.Metrics.MustRegister(h.inbox)

	urls := c.App.URLs()
	r.Handle("/.well-known/webfinger", webfinger.Handler(urls.Host(), c.App.WebFinger, c.Log))
	r.Get("/.well-known/nodeinfo", h.nodeInfoLinks)
	r.Get("/nodeinfo/2.1", h.nodeInfo)
	r.Get(webfinger.HostMetaPath, h.hostMeta)

	r.Get("/actor", h.instanceActor)
	r.Post("/inbox", h.postInbox)
	r.Get("/actors/{handle}", h.actor)
	r.Post("/actors/{handle}/inbox", h.postInbox)
	r.Group(func(r chi.Router) {
		if c.AuthorizedFetch {
			r.Use(h.requireSignature)
		}
		r.Get("/actors/{handle}/{collection:outbox|followers|following|featured}", h.collection)
		r.Get("/activities/{id}", h.activity)
		r.Get("/{kind:gatherings|sessions}/{id}/replies", h.replies)
		r.Get("/{kind:gatherings|sessions}/{id}/poll", h.poll)
		r.Get("/gatherings/{id}/slots/{slot}", h.slotPoll)
		r.Get("/{kind:gatherings|sessions}/{id}/notes/{note}", h.note)
	})
}

// writeAS writes an ActivityStreams document.
func writeAS(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", federation.ContentType+"; charset=utf-8")
	w.Header().Set("Vary", "Accept")
	_, _ = w.Write(body)
}

func (h *handler) actor(w http.ResponseWriter, r *http.Request) {
	handle := chi.URLParam(r, "handle")
	if !federation.WantsActivityStreams(r.Header.Get("Accept")) {
		http.Redirect(w, r, h.App.URLs().Profile(strings.ToLower(handle)), http.StatusSeeOther)
		return
	}
	doc, err := h.App.ActorDocument(r.Context(), handle)
	if err != nil {
		respond.TextError(w, r, h.Log, err)
		return
	}
	writeAS(w, doc)
}

func (h *handler) instanceActor(w http.ResponseWriter, r *http.Request) {
	doc, err := h.App.InstanceActorDocument(r.Context())
	if err != nil {
		respond.TextError(w, r, h.Log, err)
		return
	}
	writeAS(w, doc)
}

func (h *handler) collection(w http.ResponseWriter, r *http.Request) {
	page := 0
	if p := r.URL.Query().Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 100000 {
			respond.TextError(w, r, h.Log, respond.Errorf(http.StatusBadRequest, "page must be a positive number"))
			return
		}
		page = n
	}
	doc, err := h.App.CollectionDocument(r.Context(), chi.URLParam(r, "handle"), app.Collection(chi.URLParam(r, "collection")), page)
	if err != nil {
		respond.TextError(w, r, h.Log, err)
		return
	}
	writeAS(w, doc)
}

func (h *handler) activity(w http.ResponseWriter, r *http.Request) {
	doc, err := h.App.ActivityDocument(r.Context(), h.App.URLs().Activity(chi.URLParam(r, "id")))
	if err != nil {
		respond.TextError(w, r, h.Log, err)
		return
	}
	writeAS(w, doc)
}

// acceptedContentType reports whether an inbox POST's Content-Type is one
// of the three ActivityStreams forms: activity+json, ld+json with the
// ActivityStreams profile, or ld+json / json without one.
func acceptedContentType(ct string) bool {
	if federation.IsActivityStreamsContentType(ct) {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/ld+json" || mt == "application/json")
}

// postInbox takes an activity for one actor or for the shared inbox: the
// route decides nothing, the activity's content does.
func (h *handler) postInbox(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !acceptedContentType(r.Header.Get("Content-Type")) {
		h.refuse(w, r, "unknown", "malformed", respond.Errorf(http.StatusUnsupportedMediaType, "Content-Type must be application/activity+json or application/ld+json"))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		h.refuse(w, r, "unknown", "too_large", respond.Errorf(http.StatusRequestEntityTooLarge, "body larger than 1 MiB"))
		return
	}
	if err != nil {
		h.refuse(w, r, "unknown", "malformed", respond.Errorf(http.StatusBadRequest, "could not read body"))
		return
	}
	act, err := federation.DecodeActivity(body)
	if err != nil {
		h.refuse(w, r, "unknown", "malformed", respond.Errorf(http.StatusBadRequest, "not an activity: needs id, type and actor"))
		return
	}
	typ := typeLabel(act.Type)
	if err := act.CheckOrigins(); err != nil {
		// Not stored, so its id stays free for its real author.
		h.refuse(w, r, typ, "foreign_id", respond.Errorf(http.StatusBadRequest, err.Error()))
		return
	}
	host := hostOf(act.Actor)
	wait, ok := h.limiter.allow(host)
	if ok {
		wait, ok = h.App.InboxAllowShared(ctx, host, h.perWindow)
	}
	if !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
		h.refuse(w, r, typ, "rate_limited", respond.Errorf(http.StatusTooManyRequests, "too many requests from this server"))
		return
	}
	if err := h.App.CheckSender(ctx, act); err != nil {
		h.refuse(w, r, typ, "blocked", respond.Errorf(http.StatusForbidden, "this server does not accept activities from yours"))
		return
	}
	key, err := h.App.Verifier().Verify(ctx, r, body)
	if err != nil {
		h.refuseSignature(w, r, typ, err)
		return
	}
	if err := h.App.Receive(ctx, act, key); err != nil {
		if errors.Is(err, app.ErrNotSignedByActor) {
			h.refuse(w, r, typ, "actor_mismatch", err)
			return
		}
		h.refuse(w, r, typ, "error", err)
		return
	}
	h.inbox.WithLabelValues(typ, "accepted").Inc()
	w.WriteHeader(http.StatusAccepted)
}

func (h *handler) refuse(w http.ResponseWriter, r *http.Request, typ, result string, err error) {
	h.inbox.WithLabelValues(typ, result).Inc()
	respond.TextError(w, r, h.Log, err)
}

// refuseSignature answers 401 with the verifier's one-line reason.
func (h *handler) refuseSignature(w http.ResponseWriter, r *http.Request, typ string, err error) {
	var serr *httpsig.Error
	msg, result := "signature does not verify", "bad_signature"
	if errors.As(err, &serr) {
		msg = serr.Msg
		result = reasonLabel(serr.Reason)
	}
	h.Log.DebugContext(r.Context(), "inbox signature refused", slog.String("reason", msg), slog.Any("error", err))
	h.refuse(w, r, typ, result, respond.Errorf(http.StatusUnauthorized, msg))
}

// requireSignature lets a GET through only with a valid signature, from a
// server that is not blocked.
func (h *handler) requireSignature(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, err := h.App.Verifier().Verify(r.Context(), r, nil)
		if err != nil {
			msg := "signature required"
			var serr *httpsig.Error
			if errors.As(err, &serr) {
				msg = serr.Msg
			}
			respond.TextError(w, r, h.Log, respond.Errorf(http.StatusUnauthorized, msg))
			return
		}
		if err := h.App.CheckSender(r.Context(), &federation.Activity{Actor: key.Owner}); err != nil {
			respond.TextError(w, r, h.Log, respond.Errorf(http.StatusForbidden, "this server does not serve yours"))
			return
		}
		if err := h.App.KeepVerifiedKey(r.Context(), key); err != nil {
			respond.TextError(w, r, h.Log, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// knownTypes bound the metric's label values.
var knownTypes = map[string]bool{
	"Follow": true, "Undo": true, "Accept": true, "Reject": true, "Create": true, "Update": true, "Delete": true,
	"Like": true, "Announce": true, "Join": true, "Leave": true, "TentativeAccept": true, "Question": true,
}

func typeLabel(t string) string {
	if knownTypes[t] {
		return t
	}
	return "other"
}

func reasonLabel(reason error) string {
	if reason == nil {
		return "bad_signature"
	}
	label := strings.ToLower(strings.ReplaceAll(reason.Error(), " ", "_"))
	if len(label) > 40 {
		label = label[:40]
	}
	return label
}

// EventHandler serves a gathering's or session's Event as ActivityStreams
// JSON: 404 for a draft, 410 once deleted. The web package routes the same
// URL to the HTML page for browsers.
func EventHandler(a *app.App, log *slog.Logger, kind app.EventKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
		if err != nil {
			respond.TextError(w, r, log, respond.Errorf(http.StatusNotFound, "not found"))
			return
		}
		doc, err := a.EventDocument(r.Context(), kind, id)
		if err != nil {
			respond.TextError(w, r, log, err)
			return
		}
		writeAS(w, doc)
	}
}

// replies serves an event's replies collection: its public total. (The
// replies themselves are RSVPs and comments, shown to organisers.)
func (h *handler) replies(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		respond.TextError(w, r, h.Log, respond.Errorf(http.StatusNotFound, "not found"))
		return
	}
	kind := app.KindGathering
	if chi.URLParam(r, "kind") == "sessions" {
		kind = app.KindSession
	}
	doc, err := h.App.RepliesDocument(r.Context(), kind, id)
	if err != nil {
		respond.TextError(w, r, h.Log, err)
		return
	}
	writeAS(w, doc)
}

// poll serves an event's RSVP poll (a Question) with its current counts.
func (h *handler) poll(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		respond.TextError(w, r, h.Log, respond.Errorf(http.StatusNotFound, "not found"))
		return
	}
	kind := app.KindGathering
	if chi.URLParam(r, "kind") == "sessions" {
		kind = app.KindSession
	}
	doc, err := h.App.PollDocument(r.Context(), kind, id)
	if err != nil {
		respond.TextError(w, r, h.Log, err)
		return
	}
	writeAS(w, doc)
}

// slotPoll serves one of a gathering's slot polls, with its counts.
func (h *handler) slotPoll(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	slot, serr := strconv.ParseInt(chi.URLParam(r, "slot"), 10, 64)
	if err != nil || serr != nil {
		respond.TextError(w, r, h.Log, respond.Errorf(http.StatusNotFound, "not found"))
		return
	}
	doc, err := h.App.SlotPollDocument(r.Context(), id, slot)
	if err != nil {
		respond.TextError(w, r, h.Log, err)
		return
	}
	writeAS(w, doc)
}

// note serves one of the public notes posted about an event: a change of
// time or place, a cancellation.
func (h *handler) note(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		respond.TextError(w, r, h.Log, respond.Errorf(http.StatusNotFound, "not found"))
		return
	}
	kind := app.KindGathering
	if chi.URLParam(r, "kind") == "sessions" {
		kind = app.KindSession
	}
	uri := h.App.URLs().Base + "/" + chi.URLParam(r, "kind") + "/" + chi.URLParam(r, "id") + "/notes/" + chi.URLParam(r, "note")
	doc, err := h.App.NoteDocument(r.Context(), kind, id, uri)
	if err != nil {
		respond.TextError(w, r, h.Log, err)
		return
	}
	writeAS(w, doc)
}

// sharedPerWindow is rate (50 a second when unset) over one
// app.InboxWindow, at least one.
func sharedPerWindow(rate float64) int {
	if rate <= 0 {
		rate = 50
	}
	// Less a hair, so that 0.3 × 10 (3.0000000000000004) is 3, not 4.
	return max(1, int(math.Ceil(rate*app.InboxWindow.Seconds()-1e-9)))
}
