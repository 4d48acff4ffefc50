package asevent_test

import (
	"testing"
	"time"

	"github.com/go-fed/activity/streams/vocab"

	"github.com/gather-coop/gather/federation/asevent"
	"github.com/gather-coop/gather/federation/internal/fedcheck"
)

// The shared checks and fixtures, under the names these tests use.

const (
	gatheringID = fedcheck.GatheringID
	sessionID   = fedcheck.SessionID
	us          = fedcheck.Us
	usFol       = fedcheck.UsFollowers
	alice       = fedcheck.Alice
)

var aliceMention = fedcheck.AliceMention

func published() time.Time { return fedcheck.Published() }

func london(t testing.TB) *time.Location { return fedcheck.London(t) }

func workspace() *asevent.Place { return fedcheck.Workspace() }

func gathering(t testing.TB) asevent.Event { return fedcheck.Gathering(t) }

func requireGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	fedcheck.RequireGolden(t, name, got)
}

func goFedType(t *testing.T, doc []byte) vocab.Type {
	t.Helper()
	return fedcheck.GoFedType(t, doc)
}

func requireDeclaredTerms(t *testing.T, doc []byte) {
	t.Helper()
	fedcheck.RequireDeclaredTerms(t, doc)
}

// rsvpPoll is the gathering's RSVP poll.
func rsvpPoll(t testing.TB) asevent.Question { return fedcheck.RSVPPoll(t) }
