package pages

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/respond"
)

// guestCookie tells one phone from another for day-of sign-ups.
const guestCookie = "gather_guest"

// signupView is the answer to a day-of sign-up.
type signupView struct {
	layout
	SessionTitle string
	SessionURL   string
	Status       model.RSVPStatus
	Place        int
	// Yours are all the sessions of the gathering this phone signed up
	// for, this one among them.
	Yours    []yourSignup
	YoursURL string
}

// venueForm checks a form sent from a phone at the venue (a sign-up, a
// proposal) for the event id in the path: same-site only, rate-limited
// per client with what (plural) named in the refusal; and returns the
// phone's guest key. On false it has answered.
func (h *Handler) venueForm(w http.ResponseWriter, r *http.Request, what string) (id int64, key string, ok bool) {
	id, ok = idParam(r)
	if !ok {
		h.notFound(w, r)
		return 0, "", false
	}
	if err := new(http.CrossOriginProtection).Check(r); err != nil {
		h.fail(w, r, respond.Errorf(http.StatusForbidden, "This form can only be sent from this site's own pages."))
		return 0, "", false
	}
	if !h.signups.allow(clientIP(r)) {
		w.Header().Set("Retry-After", "60")
		h.fail(w, r, respond.Errorf(http.StatusTooManyRequests, "Too many "+what+" from this device: wait a minute and try again."))
		return 0, "", false
	}
	return id, guestKey(w, r), true
}

// SignUp takes a day-of sign-up for a session (POST /sessions/{id}/signup):
// just a name, rate-limited per client, recorded as unverified.
func (h *Handler) SignUp(w http.ResponseWriter, r *http.Request) {
	id, key, ok := h.venueForm(w, r, "sign-ups")
	if !ok {
		return
	}
	out, err := h.App.SignUpAtVenue(r.Context(), id, r.PostFormValue("name"), key)
	var ve *app.ValidationError
	if errors.As(err, &ve) {
		h.fail(w, r, respond.Errorf(http.StatusBadRequest, sentence(ve.Msg)+"."))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d, s, err := h.App.PublicSession(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	yours, err := h.yours(r, d.Gathering.ID, key)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := signupView{layout: h.layout("Signed up: " + s.Title), SessionTitle: s.Title,
		SessionURL: h.App.URLs().Session(id), Status: out.RSVP.Status,
		Yours: yours, YoursURL: yoursURL(h.App.URLs(), d.Gathering.ID)}
	if out.RSVP.Status == model.RSVPWaitlisted {
		v.Place = h.App.WaitlistPlace(r.Context(), out.RSVP)
	}
	h.render(w, r, http.StatusOK, "signup", v)
}

// guestKey returns the phone's key from its cookie, setting one if needed.
func guestKey(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(guestCookie); err == nil && len(c.Value) == 32 {
		return c.Value
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	key := hex.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: guestCookie, Value: key, Path: "/", MaxAge: 7 * 24 * 3600,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
	return key
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// clientLimiter allows each client a few sign-ups a minute: a venue's
// Wi-Fi shares one address, so the burst is generous.
type clientLimiter struct {
	mu      sync.Mutex
	clients map[string]*rate.Limiter
	swept   time.Time
}

func (l *clientLimiter) allow(client string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if l.clients == nil || now.Sub(l.swept) > 10*time.Minute {
		l.clients, l.swept = map[string]*rate.Limiter{}, now
	}
	lim, ok := l.clients[client]
	if !ok {
		lim = rate.NewLimiter(rate.Every(2*time.Second), 30)
		l.clients[client] = lim
	}
	return lim.Allow()
}
