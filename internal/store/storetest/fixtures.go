package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// The fixtures the suite's parts share: this package's own tests and those
// of its sub-packages (storetest/fed, storetest/events), which call the
// exported names.

func ptr[T any](v T) *T { return &v }

func newGathering(actorID int64, title string, start time.Time) *model.Gathering {
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	return &model.Gathering{
		ActorID: actorID, Title: title, Summary: "A day", Description: "**Bold**", Timezone: "Europe/London",
		StartsAt: start, EndsAt: start.Add(7 * time.Hour),
		Venue:    model.Venue{Name: "Co-op workspace", Locality: "London", Country: "GB", Latitude: ptr(51.5362), Longitude: ptr(-0.1033)},
		Category: "MEETING", Tags: []string{"coops", "tech"}, Status: model.StatusDraft, RSVPPoll: true,
		CreatedAt: now, UpdatedAt: now,
	}
}

func remote(host, user string, shared bool) *model.RemoteActor {
	uri := fmt.Sprintf("https://%s/users/%s", host, user)
	r := &model.RemoteActor{
		URI: uri, Host: host, Domain: host, Username: user, Inbox: uri + "/inbox",
		KeyID: uri + "#main-key", PublicKeyPEM: "pem", FetchedAt: time.Now(),
	}
	if shared {
		r.SharedInbox = "https://" + host + "/inbox"
	}
	return r
}

// Bundle is a migrated store for one test, with the channel its test job
// reports to.
type Bundle struct {
	Store  store.Store
	Worked chan string
}

// Setup opens and migrates a store from h, as every test of the suite
// starts.
func Setup(t *testing.T, h Harness) *Bundle {
	t.Helper()
	b := setup(t, h)
	return &Bundle{Store: b.store, Worked: b.worked}
}

// NewActor is the parameters of a co-op actor named handle.
func NewActor(handle string) *store.ActorCreateParams { return newActor(handle) }

// Ptr returns a pointer to v.
func Ptr[T any](v T) *T { return ptr(v) }

// NewGathering is a day-long draft gathering of actorID's.
func NewGathering(actorID int64, title string, start time.Time) *model.Gathering {
	return newGathering(actorID, title, start)
}

// Remote is a remote actor user@host, with a shared inbox when shared.
func Remote(host, user string, shared bool) *model.RemoteActor { return remote(host, user, shared) }
