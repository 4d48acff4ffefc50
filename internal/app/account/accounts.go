package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

var handleRE = regexp.MustCompile(`^[a-z0-9_]{1,64}$`)

// CreateActor creates a co-op account (an ActivityPub Group) with a new
// RSA-2048 key pair.
func (s *Service) CreateActor(ctx context.Context, handle, name string) (model.Actor, error) {
	handle = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(handle), "@"))
	if !handleRE.MatchString(handle) {
		return model.Actor{}, apperr.Invalid("handle", "use 1 to 64 lower-case letters, digits or _")
	}
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 100 {
		return model.Actor{}, apperr.Invalid("name", "give a name of 1 to 100 characters")
	}
	var actor model.Actor
	err := s.store.InTx(ctx, func(tx store.Tx) error {
		var err error
		if actor, err = s.createActor(ctx, tx, handle, name, model.ActorGroup); err != nil {
			return err
		}
		return s.Audit(ctx, tx, &actor, AuditCoopCreate, "@"+actor.Handle, name)
	})
	if errors.Is(err, store.ErrConflict) {
		return model.Actor{}, apperr.Invalid("handle", "@%s is taken", handle)
	}
	return actor, err
}

func (s *Service) createActor(ctx context.Context, q store.Queries, handle, name string, kind model.ActorKind) (model.Actor, error) {
	priv, pub, err := fed.NewKeyPair()
	if err != nil {
		return model.Actor{}, err
	}
	return q.ActorCreate(ctx, &store.ActorCreateParams{
		Handle: handle, Kind: kind, Name: name,
		PrivateKeyPEM: priv, PublicKeyPEM: pub, CreatedAt: s.now(),
	})
}

// Setup makes sure the instance has its instance actor and at least one
// co-op account, creating the co-op from handle and name if there is none.
// It reports whether it created the co-op: true only on the first start.
func (s *Service) Setup(ctx context.Context, handle, name string) (firstStart bool, err error) {
	err = s.store.InTx(ctx, func(tx store.Tx) error {
		if _, err := tx.ActorGetByHandle(ctx, localurl.InstanceHandle); errors.Is(err, store.ErrNotFound) {
			if _, err := s.createActor(ctx, tx, localurl.InstanceHandle, "Gather instance", model.ActorApplication); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		groups, err := tx.ActorList(ctx, model.ActorGroup)
		if err != nil || len(groups) > 0 {
			return err
		}
		if _, err := s.createActor(ctx, tx, handle, name, model.ActorGroup); err != nil {
			return err
		}
		firstStart = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("set up instance: %w", err)
	}
	return firstStart, nil
}

// Password length bounds. bcrypt reads at most 72 bytes, so a longer
// password would be silently cut.
const (
	minPasswordLen = 10
	maxPasswordLen = 72
)

// CreateUser creates a person who can sign in. An empty role makes the
// first user an admin and later ones organisers. An organiser organises
// for the instance's co-op account if it has just one, and for none
// otherwise, until an admin grants them some (GrantCoop).
func (s *Service) CreateUser(ctx context.Context, username, password string, role model.Role) (model.User, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	if !handleRE.MatchString(username) {
		return model.User{}, apperr.Invalid("username", "use 1 to 64 lower-case letters, digits or _")
	}
	if len(password) < minPasswordLen || len(password) > maxPasswordLen {
		return model.User{}, apperr.Invalid("password", "use %d to %d bytes", minPasswordLen, maxPasswordLen)
	}
	if role != "" && !role.Valid() {
		return model.User{}, apperr.Invalid("role", "want admin or organiser")
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return model.User{}, fmt.Errorf("hash password: %w", err)
	}
	var user model.User
	err = s.store.InTx(ctx, func(tx store.Tx) error {
		if role == "" {
			n, err := tx.UserCount(ctx)
			if err != nil {
				return err
			}
			role = model.RoleOrganiser
			if n == 0 {
				role = model.RoleAdmin
			}
		}
		user, err = tx.UserCreate(ctx, &store.UserCreateParams{
			Username: username, PasswordHash: string(hash), Role: role, CreatedAt: s.now(),
		})
		if err != nil {
			return err
		}
		if err := s.Audit(ctx, tx, nil, AuditUserCreate, user.Username, string(role)); err != nil {
			return err
		}
		if role == model.RoleAdmin {
			return nil
		}
		return s.grantOnlyCoop(ctx, tx, user)
	})
	if errors.Is(err, store.ErrConflict) {
		return model.User{}, apperr.Invalid("username", "%s is taken", username)
	}
	return user, err
}

// tokenPrefix marks Gather API tokens, so a leaked one is recognisable.
const tokenPrefix = "gather_"

// CreateToken makes a new API token for username that may do all they
// may, and returns it. Only its hash is stored: the token cannot be shown
// again.
func (s *Service) CreateToken(ctx context.Context, username string) (string, error) {
	return s.CreateScopedToken(ctx, username, model.ScopeWrite)
}

// CreateScopedToken is CreateToken for a token limited to scope: a read
// token is refused every change.
func (s *Service) CreateScopedToken(ctx context.Context, username string, scope model.TokenScope) (string, error) {
	if !scope.Valid() {
		return "", apperr.Invalid("scope", "want read or write")
	}
	user, err := s.store.UserGetByUsername(ctx, strings.ToLower(strings.TrimSpace(username)))
	if errors.Is(err, store.ErrNotFound) {
		return "", apperr.Invalid("username", "no user %q", username)
	}
	if err != nil {
		return "", err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("make token: %w", err)
	}
	token := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	err = s.store.InTx(ctx, func(tx store.Tx) error {
		hash := hashToken(token)
		if err := tx.TokenCreate(ctx, &store.TokenCreateParams{UserID: user.ID, Hash: hash, Scope: scope, CreatedAt: s.now()}); err != nil {
			return err
		}
		return s.Audit(ctx, tx, nil, AuditTokenCreate, "token "+tokenFingerprint(hash)+" of "+user.Username, string(scope))
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// Authenticate returns who an API token acts for (its user, and what the
// token may do), or apperr.ErrUnauthenticated.
func (s *Service) Authenticate(ctx context.Context, token string) (Principal, error) {
	if !strings.HasPrefix(token, tokenPrefix) {
		return Principal{}, apperr.ErrUnauthenticated
	}
	user, scope, err := s.store.TokenUser(ctx, hashToken(token), s.now())
	if errors.Is(err, store.ErrNotFound) {
		return Principal{}, apperr.ErrUnauthenticated
	}
	if err != nil {
		return Principal{}, err
	}
	return Principal{User: user, Scope: scope, Token: fingerprintOf(token)}, nil
}

// hashToken is SHA-256: tokens are 256 random bits, so a slow hash adds
// nothing and a fast one keeps every API request cheap.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Actor returns the co-op account handle (any case); anything else,
// the instance actor among them, is not found.
func (s *Service) Actor(ctx context.Context, handle string) (model.Actor, error) {
	actor, err := s.store.ActorGetByHandle(ctx, strings.ToLower(handle))
	if err == nil && actor.Kind != model.ActorGroup {
		return model.Actor{}, fmt.Errorf("actor %q: %w", handle, apperr.ErrNotFound)
	}
	return actor, err
}
