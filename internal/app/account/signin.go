package account

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Signing in to the organisers' web admin: a browser holds a random token
// in a cookie, the database keeps only the token's SHA-256, and failed
// sign-ins are counted in the database, per account and per client, so
// that every gather process sharing it applies the same limit and a
// restart forgets nothing.

const (
	// WebSessionLifetime is how long a browser stays signed in without
	// being used. Each use starts it again.
	WebSessionLifetime = 30 * 24 * time.Hour
	// webSessionTouchEvery is how stale a session's last use may get
	// before a request rewrites it: writing on every page view would make
	// each read a write.
	webSessionTouchEvery = time.Minute

	// SignInWindow is how far back failed sign-ins count.
	SignInWindow = 15 * time.Minute
	// SignInFailuresPerAccount is how many failed sign-ins to one account,
	// from anywhere, within SignInWindow stop further attempts on it. An
	// attacker can lock a person out this way, for SignInWindow at most;
	// without it they could guess at leisure from many addresses.
	SignInFailuresPerAccount = 10
	// SignInFailuresPerClient is how many failed sign-ins from one client
	// address (one IPv6 /64), to any accounts, stop that client. A co-op's
	// office shares one address, hence more than per account.
	SignInFailuresPerClient = 20

	// webTokenBytes is the randomness in a session token.
	webTokenBytes = 32
	// userAgentMax bounds the user agent kept with a session, in bytes.
	userAgentMax = 200
)

// dummyPasswordHash is a bcrypt hash, at the cost CreateUser uses, of a
// random password no one knows. Signing in as a user that does not exist
// compares against it, so that it takes as long to refuse as a wrong
// password and the time does not tell which usernames exist.
const dummyPasswordHash = "$2a$10$eKnRDSRLuwu/2.nxhxa8PefhTnDT3F2oJN6RTqen8fYXHrwfZLgZ6"

// SignInParams are a sign-in attempt.
type SignInParams struct {
	Username string
	Password string
	// Client is the IP address the attempt comes from; failures are
	// counted against it as well as against the account.
	Client string
	// UserAgent is kept, shortened, with the session.
	UserAgent string
}

// SignIn checks a username and password and starts a web session. It
// returns the session's token, for the browser's cookie, and the user.
// A mismatch is apperr.ErrWrongPassword; too many recent mismatches for the
// account or from the client are a *apperr.TooManySignInsError, returned before
// the password is looked at; empty fields are a *apperr.ValidationError.
func (s *Service) SignIn(ctx context.Context, p *SignInParams) (string, model.User, error) {
	username := strings.ToLower(strings.TrimSpace(p.Username))
	if username == "" {
		return "", model.User{}, apperr.Invalid("username", "enter your username")
	}
	if p.Password == "" {
		return "", model.User{}, apperr.Invalid("password", "enter your password")
	}
	limits := []signInLimit{{clientSubject(p.Client), SignInFailuresPerClient}}
	if handleRE.MatchString(username) { // no account can have any other name
		limits = append(limits, signInLimit{accountSubject(username), SignInFailuresPerAccount})
	}
	now := s.now()
	if err := s.checkSignInLimits(ctx, now, limits); err != nil {
		return "", model.User{}, err
	}
	user, err := s.checkPassword(ctx, username, p.Password)
	if errors.Is(err, apperr.ErrWrongPassword) {
		if err := s.recordSignInFailure(ctx, now, limits); err != nil {
			return "", model.User{}, err
		}
		return "", model.User{}, apperr.ErrWrongPassword
	}
	if err != nil {
		return "", model.User{}, err
	}
	if err := s.store.SignInFailureClear(ctx, accountSubject(username)); err != nil {
		return "", model.User{}, err
	}
	if _, err := s.store.WebSessionDeleteExpired(ctx, now); err != nil {
		return "", model.User{}, err
	}
	token, err := s.startWebSession(ctx, user, p.UserAgent)
	if err != nil {
		return "", model.User{}, err
	}
	return token, user, nil
}

// checkPassword returns the user named username if password is theirs,
// and apperr.ErrWrongPassword otherwise, taking about as long either way.
func (s *Service) checkPassword(ctx context.Context, username, password string) (model.User, error) {
	user, err := s.store.UserGetByUsername(ctx, username)
	hash := user.PasswordHash
	if errors.Is(err, store.ErrNotFound) {
		hash = dummyPasswordHash
	} else if err != nil {
		return model.User{}, err
	}
	if err := comparePassword(hash, password); err != nil {
		return model.User{}, err
	}
	if user.ID == 0 {
		return model.User{}, apperr.ErrWrongPassword // the dummy hash never matches, but be sure
	}
	return user, nil
}

// comparePassword is nil if password matches hash, apperr.ErrWrongPassword if
// not, and another error if hash is not a bcrypt hash.
func comparePassword(hash, password string) error {
	if len(password) > maxPasswordLen {
		// bcrypt would read only the first 72 bytes; no stored password
		// is longer.
		return apperr.ErrWrongPassword
	}
	err := bcrypt.CompareHashAndPassword([]byte(hash), []byte(password))
	if errors.Is(err, bcrypt.ErrMismatchedHashAndPassword) {
		return apperr.ErrWrongPassword
	}
	if err != nil {
		return fmt.Errorf("compare password: %w", err)
	}
	return nil
}

// signInLimit is a subject failures are counted against, and how many it
// may have within SignInWindow.
type signInLimit struct {
	subject string
	max     int
}

func accountSubject(username string) string { return "account:" + username }

// clientSubject names a client by its address; an IPv6 address by its
// /64, which one household or server usually has whole.
func clientSubject(client string) string {
	addr, err := netip.ParseAddr(client)
	if err != nil {
		return "client:" + client
	}
	addr = addr.Unmap()
	if addr.Is6() {
		prefix, _ := addr.Prefix(64)
		return "client:" + prefix.String()
	}
	return "client:" + addr.String()
}

// checkSignInLimits returns a *apperr.TooManySignInsError if any subject has
// had its fill of failures within the window.
func (s *Service) checkSignInLimits(ctx context.Context, now time.Time, limits []signInLimit) error {
	var wait time.Duration
	for _, l := range limits {
		failures, err := s.store.SignInFailureList(ctx, &store.SignInFailureListParams{
			Subject: l.subject, Since: now.Add(-SignInWindow), Limit: l.max,
		})
		if err != nil {
			return err
		}
		if len(failures) < l.max {
			continue
		}
		// Attempts resume when the oldest of the last max failures leaves
		// the window.
		wait = max(wait, failures[l.max-1].Add(SignInWindow).Sub(now))
	}
	if wait > 0 {
		return &apperr.TooManySignInsError{RetryAfter: wait}
	}
	return nil
}

func (s *Service) recordSignInFailure(ctx context.Context, now time.Time, limits []signInLimit) error {
	subjects := make([]string, len(limits))
	for i, l := range limits {
		subjects[i] = l.subject
	}
	return s.store.SignInFailureRecord(ctx, &store.SignInFailureRecordParams{
		Subjects: subjects, At: now, ForgetBefore: now.Add(-SignInWindow),
	})
}

// startWebSession stores a new session for user and returns its token.
func (s *Service) startWebSession(ctx context.Context, user model.User, userAgent string) (string, error) {
	raw := make([]byte, webTokenBytes)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("make session token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	now := s.now()
	err := s.store.WebSessionCreate(ctx, &store.WebSessionCreateParams{
		Hash: hashToken(token), UserID: user.ID, UserAgent: shorten(userAgent, userAgentMax),
		CreatedAt: now, ExpiresAt: now.Add(WebSessionLifetime),
	})
	if err != nil {
		return "", fmt.Errorf("start web session for %s: %w", user.Username, err)
	}
	return token, nil
}

// shorten cuts s to at most n bytes without splitting a character.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

// SignedIn returns the web session a token belongs to, with its user, or
// apperr.ErrUnauthenticated if there is none or it has expired. Using a session
// moves its expiry to WebSessionLifetime from now; the move is written
// at most once a minute, and the returned ExpiresAt is the stored one.
func (s *Service) SignedIn(ctx context.Context, token string) (model.WebSession, error) {
	if base64.RawURLEncoding.DecodedLen(len(token)) != webTokenBytes {
		return model.WebSession{}, apperr.ErrUnauthenticated
	}
	hash := hashToken(token)
	ws, err := s.store.WebSessionGet(ctx, hash)
	if errors.Is(err, store.ErrNotFound) {
		return model.WebSession{}, apperr.ErrUnauthenticated
	}
	if err != nil {
		return model.WebSession{}, err
	}
	now := s.now()
	if !now.Before(ws.ExpiresAt) {
		if err := s.store.WebSessionDelete(ctx, hash); err != nil && !errors.Is(err, store.ErrNotFound) {
			return model.WebSession{}, err
		}
		return model.WebSession{}, apperr.ErrUnauthenticated
	}
	if now.Sub(ws.LastSeenAt) >= webSessionTouchEvery {
		ws.LastSeenAt, ws.ExpiresAt = now, now.Add(WebSessionLifetime)
		err := s.store.WebSessionTouch(ctx, &store.WebSessionTouchParams{Hash: hash, SeenAt: ws.LastSeenAt, ExpiresAt: ws.ExpiresAt})
		if errors.Is(err, store.ErrNotFound) { // signed out meanwhile
			return model.WebSession{}, apperr.ErrUnauthenticated
		}
		if err != nil {
			return model.WebSession{}, err
		}
	}
	return ws, nil
}

// SignOut ends the web session of token. A token that names no session
// is already signed out.
func (s *Service) SignOut(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	err := s.store.WebSessionDelete(ctx, hashToken(token))
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("sign out: %w", err)
	}
	return nil
}

// ChangePassword changes the password of the user signed in with token,
// once they give their current one, and signs out every other browser
// signed in as them; this one stays signed in. A wrong current password
// counts as a failed sign-in for the account, so a borrowed browser cannot
// be used to guess it.
func (s *Service) ChangePassword(ctx context.Context, token, current, next string) error {
	ws, err := s.SignedIn(ctx, token)
	if err != nil {
		return err
	}
	if current == "" {
		return apperr.Invalid("current_password", "enter your current password")
	}
	if err := checkNewPassword("new_password", next); err != nil {
		return err
	}
	now := s.now()
	limits := []signInLimit{{accountSubject(ws.User.Username), SignInFailuresPerAccount}}
	if err := s.checkSignInLimits(ctx, now, limits); err != nil {
		return err
	}
	err = comparePassword(ws.User.PasswordHash, current)
	if errors.Is(err, apperr.ErrWrongPassword) {
		if err := s.recordSignInFailure(ctx, now, limits); err != nil {
			return err
		}
		return apperr.Invalid("current_password", "that is not your current password")
	}
	if err != nil {
		return err
	}
	if next == current {
		return apperr.Invalid("new_password", "choose a password different from your current one")
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(next), bcrypt.DefaultCost)
	if err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	return s.store.InTx(ctx, func(tx store.Tx) error {
		if err := tx.UserSetPassword(ctx, ws.User.ID, string(hash)); err != nil {
			return err
		}
		if _, err := tx.WebSessionDeleteByUser(ctx, ws.User.ID, ws.ID); err != nil {
			return err
		}
		// The password's owner changed it: signed in as themselves, which
		// ctx does not say here (the session token does).
		return s.Audit(WithPrincipal(ctx, Principal{User: ws.User, Scope: model.ScopeWrite}), tx, nil, AuditPasswordChange, ws.User.Username, "other sessions signed out")
	})
}

// checkNewPassword says, in words for the form, what is wrong with a
// password someone chose.
func checkNewPassword(field, password string) error {
	switch {
	case password == "":
		return apperr.Invalid(field, "choose a password")
	case utf8.RuneCountInString(password) < minPasswordLen:
		return apperr.Invalid(field, "use at least %d characters", minPasswordLen)
	case len(password) > maxPasswordLen:
		return apperr.Invalid(field, "use at most %d characters (fewer if they are accented or not Latin)", maxPasswordLen)
	}
	return nil
}

// CreateOrganiser lets an admin (by) create an organiser who signs in
// with username and password. Anyone else gets apperr.ErrForbidden.
func (s *Service) CreateOrganiser(ctx context.Context, by model.User, username, password string) (model.User, error) {
	if by.Role != model.RoleAdmin {
		return model.User{}, apperr.ErrForbidden
	}
	if strings.TrimSpace(username) == "" {
		return model.User{}, apperr.Invalid("username", "choose a username")
	}
	if err := checkNewPassword("password", password); err != nil {
		return model.User{}, err
	}
	// Said here in a sentence of its own; CreateUser still refuses a name
	// taken meanwhile.
	name := strings.ToLower(strings.TrimSpace(username))
	if _, err := s.store.UserGetByUsername(ctx, name); err == nil {
		return model.User{}, apperr.Invalid("username", "the username %s is taken: choose another", name)
	} else if !errors.Is(err, store.ErrNotFound) {
		return model.User{}, err
	}
	return s.CreateUser(ctx, username, password, model.RoleOrganiser)
}

// UserByID returns user id to an admin (by); anyone else gets
// apperr.ErrForbidden.
func (s *Service) UserByID(ctx context.Context, by model.User, id int64) (model.User, error) {
	if by.Role != model.RoleAdmin {
		return model.User{}, apperr.ErrForbidden
	}
	return s.store.UserGetByID(ctx, id)
}

// RemoveUser lets an admin (by) take away someone's access: the user is
// deleted, and with them their API tokens and signed-in sessions, so a
// browser they left signed in is signed out at its next request. Nobody
// removes themselves, so an instance always keeps an admin: another admin
// must do it.
func (s *Service) RemoveUser(ctx context.Context, by model.User, userID int64) (model.User, error) {
	if by.Role != model.RoleAdmin {
		return model.User{}, apperr.ErrForbidden
	}
	if userID == by.ID {
		return model.User{}, apperr.Invalid("user", "you cannot remove yourself: another admin can")
	}
	u, err := s.store.UserGetByID(ctx, userID)
	if err != nil {
		return model.User{}, err
	}
	return u, s.store.InTx(ctx, func(tx store.Tx) error {
		if err := tx.UserDelete(ctx, u.ID); err != nil {
			return err
		}
		return s.Audit(ctx, tx, nil, AuditUserRemove, u.Username, string(u.Role))
	})
}

// Users returns everyone who can sign in, by username, to an admin (by);
// anyone else gets apperr.ErrForbidden.
func (s *Service) Users(ctx context.Context, by model.User) ([]model.User, error) {
	if by.Role != model.RoleAdmin {
		return nil, apperr.ErrForbidden
	}
	return s.store.UserList(ctx)
}
