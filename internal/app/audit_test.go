package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/postgres"
	"github.com/gather-coop/gather/internal/store/sqlite"
	"github.com/gather-coop/gather/internal/store/storetest"
)

// openStore opens an empty, migrated database of kind; jobs are queued,
// never worked, so nothing leaves.
func openStore(t *testing.T, kind string) store.Store {
	t.Helper()
	ctx := context.Background()
	var st store.Store
	var err error
	if kind == "postgres" {
		st, err = postgres.Open(ctx, storetest.PostgresURL(t), store.JobsConfig{})
	} else {
		st, err = sqlite.Open(ctx, storetest.SQLitePath(t), store.JobsConfig{})
	}
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	require.NoError(t, st.Migrate(ctx))
	return st
}

// TestAuditLogRecordsOrganiserActions performs every change an organiser
// and an admin make, and checks the log names each one (who, what, on
// what) — and that refused or failed changes leave no entry.
func TestAuditLogRecordsOrganiserActions(t *testing.T) {
	t.Parallel()
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			auditWalk(t, db)
		})
	}
}

type wantEntry struct{ who, action, coop, target string }

func auditWalk(t *testing.T, db string) {
	ctx := context.Background()
	st := openStore(t, db)
	a := app.New(app.Config{Store: st, BaseURL: "https://coop.example"})
	events, err := a.CreateActor(ctx, "events", "Co-op events")
	require.NoError(t, err)
	_, err = a.CreateActor(ctx, "rival", "Rival co-op")
	require.NoError(t, err)
	ada, err := a.CreateUser(ctx, "ada", "a long passphrase", model.RoleAdmin)
	require.NoError(t, err)
	vera, err := a.CreateUser(ctx, "vera", "a long passphrase", model.RoleOrganiser)
	require.NoError(t, err)
	mallory, err := a.CreateUser(ctx, "mallory", "a long passphrase", model.RoleOrganiser)
	require.NoError(t, err)
	require.NoError(t, a.GrantCoop(ctx, "vera", "events"))
	require.NoError(t, a.GrantCoop(ctx, "mallory", "rival"))
	start, err := a.AuditLog(ctx, "", 1)
	require.NoError(t, err)
	require.Empty(t, start.Entries, "the instance's own setup is not anyone's doing")

	asVera := app.WithPrincipal(ctx, app.Principal{User: vera, Scope: model.ScopeWrite})
	asAda := app.WithPrincipal(ctx, app.Principal{User: ada, Scope: model.ScopeWrite})
	asMallory := app.WithPrincipal(ctx, app.Principal{User: mallory, Scope: model.ScopeWrite})
	veraToken, err := a.CreateScopedToken(app.CommandLine(ctx), "vera", model.ScopeWrite)
	require.NoError(t, err)
	viaToken, err := a.Authenticate(ctx, veraToken)
	require.NoError(t, err)
	asVeraAPI := app.WithPrincipal(ctx, viaToken)

	now := time.Now().UTC().Truncate(time.Second)
	bob, err := st.RemoteActorUpsert(ctx, &model.RemoteActor{URI: "https://social.example/users/bob", Host: "social.example", Domain: "social.example",
		Username: "bob", Inbox: "https://social.example/users/bob/inbox", SharedInbox: "https://social.example/inbox",
		KeyID: "https://social.example/users/bob#main-key", PublicKeyPEM: "pem", FetchedAt: now})
	require.NoError(t, err)
	carol, err := st.RemoteActorUpsert(ctx, &model.RemoteActor{URI: "https://social.example/users/carol", Host: "social.example", Domain: "social.example",
		Username: "carol", Inbox: "https://social.example/users/carol/inbox", KeyID: "https://social.example/users/carol#main-key", PublicKeyPEM: "pem", FetchedAt: now})
	require.NoError(t, err)

	one := 1
	room := "Hall"
	ref, err := a.CreateGathering(asVera, "events", &app.GatheringInput{Title: "Audit day", Timezone: "Europe/London",
		StartsAt: "2030-03-27T10:00", EndsAt: "2030-03-27T17:00", Venue: &app.VenueInput{Name: "The Hall"},
		Rooms:    []app.RoomInput{{Name: room, Capacity: &one}},
		Sessions: []app.SessionInput{{Title: "Workshop", StartsAt: "2030-03-27T11:00", EndsAt: "2030-03-27T12:00", Room: &room}}}, false)
	require.NoError(t, err)
	g, s1 := ref.ID, ref.Sessions[0].ID
	gTarget := fmt.Sprintf("gathering %d %q", g, "Audit day")

	_, err = a.UpdateGathering(asVeraAPI, g, []byte(`{"title": "Audit day!"}`), 0)
	require.NoError(t, err)
	gTarget = fmt.Sprintf("gathering %d %q", g, "Audit day!")
	_, err = a.UpdateGathering(asVera, g, []byte(`{"title": "Stale"}`), 1)
	require.ErrorIs(t, err, store.ErrStale, "a stale edit fails, and is not logged")
	_, err = a.CancelGathering(asMallory, g)
	require.ErrorIs(t, err, app.ErrForbidden, "a refused change is not logged")

	added, err := a.AddSession(asVera, g, &app.SessionInput{Title: "Talk", StartsAt: "2030-03-27T13:00", EndsAt: "2030-03-27T14:00"})
	require.NoError(t, err)
	_, err = a.UpdateSession(asVera, added.ID, []byte(`{"title": "Long talk"}`), 0)
	require.NoError(t, err)
	require.NoError(t, a.DeleteSession(asVera, added.ID))
	_, err = a.PublishGathering(asVera, g)
	require.NoError(t, err)
	_, err = a.PublishGathering(asVera, g)
	require.NoError(t, err, "publishing again changes nothing, and logs nothing")

	going, err := st.RSVPSave(ctx, &model.RSVP{GatheringID: g, SessionID: &s1, GuestName: "Guest going", GuestKey: "k1",
		Status: model.RSVPGoing, Channel: model.ChannelWeb, CreatedAt: now, UpdatedAt: now})
	require.NoError(t, err)
	waiting, err := st.RSVPSave(ctx, &model.RSVP{GatheringID: g, SessionID: &s1, GuestName: "Guest waiting", GuestKey: "k2",
		Status: model.RSVPWaitlisted, Channel: model.ChannelWeb, WaitlistedAt: &now, CreatedAt: now, UpdatedAt: now})
	require.NoError(t, err)
	require.NoError(t, a.PromoteRSVP(asVera, g, waiting.ID))
	require.NoError(t, a.RemoveRSVP(asVera, g, going.ID))

	require.NoError(t, st.CommentSave(ctx, &model.Comment{GatheringID: g, RemoteActorID: bob.ID, NoteURI: bob.URI + "/statuses/1",
		ContentHTML: "<p>Spam</p>", CreatedAt: now}))
	comments, err := a.ListComments(asVera, g)
	require.NoError(t, err)
	require.Len(t, comments, 1)
	c := comments[0].ID
	require.NoError(t, a.HideComment(asVera, g, c, true))
	require.NoError(t, a.HideComment(asVera, g, c, true), "hiding twice logs once")
	comments, err = a.ListComments(asVera, g)
	require.NoError(t, err)
	require.NotNil(t, comments[0].Hidden)
	require.Equal(t, "vera", comments[0].Hidden.By)
	require.NoError(t, a.HideComment(asVera, g, c, false))
	require.ErrorIs(t, a.HideComment(asMallory, g, c, true), app.ErrForbidden)

	_, err = st.FollowUpsert(ctx, &store.FollowUpsertParams{ActorID: events.ID, RemoteActorID: carol.ID, FollowURI: carol.URI + "#follow",
		State: model.FollowPending, CreatedAt: now})
	require.NoError(t, err)
	require.NoError(t, a.DecideFollow(asVera, "events", carol.URI, true))
	require.NoError(t, a.RemoveFollower(asVera, "events", carol.URI))

	report, err := a.ReportAccount(asVera, app.ReportInput{Coop: "events", Account: bob.URI, Statuses: []string{bob.URI + "/statuses/1"},
		Comment: "Spam on our gathering"})
	require.NoError(t, err)
	_, err = a.ReportAccount(asMallory, app.ReportInput{Coop: "events", Account: bob.URI})
	require.ErrorIs(t, err, app.ErrForbidden)
	_, err = a.ResolveReport(asVera, report.ID, true)
	require.ErrorIs(t, err, app.ErrForbidden, "organisers report; admins resolve")
	resolved, err := a.ResolveReport(asAda, report.ID, true)
	require.NoError(t, err)
	require.NotNil(t, resolved.ForwardedAt)

	require.NoError(t, a.BlockDomain(asAda, "spam.example"))
	require.NoError(t, a.UnblockDomain(asAda, "spam.example"))
	require.NoError(t, a.BlockPerson(asAda, carol.URI))
	require.NoError(t, a.UnblockAccount(asAda, carol.URI))
	require.NoError(t, a.RevokeCoop(asAda, "mallory", "rival"))
	require.NoError(t, a.GrantCoop(asAda, "mallory", "rival"))
	require.NoError(t, a.GrantCoop(asAda, "mallory", "rival"), "granting twice logs once")
	_, err = a.CancelGathering(asVera, g)
	require.NoError(t, err)
	require.NoError(t, a.DeleteGathering(asVera, g))

	veraAPI := "vera"
	want := []wantEntry{
		{"command line", app.AuditTokenCreate, "", "token " + viaToken.Token + " of vera"},
		{"vera", app.AuditGatheringCreate, "events", fmt.Sprintf("gathering %d %q", g, "Audit day")},
		{veraAPI, app.AuditGatheringEdit, "events", gTarget},
		{"vera", app.AuditSessionAdd, "events", fmt.Sprintf("session %d %q", added.ID, "Talk")},
		{"vera", app.AuditSessionEdit, "events", fmt.Sprintf("session %d %q", added.ID, "Long talk")},
		{"vera", app.AuditSessionDelete, "events", fmt.Sprintf("session %d %q", added.ID, "Long talk")},
		{"vera", app.AuditGatheringPublish, "events", gTarget},
		{"vera", app.AuditRSVPPromote, "events", fmt.Sprintf("answer %d of Guest waiting", waiting.ID)},
		{"vera", app.AuditRSVPRemove, "events", fmt.Sprintf("answer %d of Guest going", going.ID)},
		{"vera", app.AuditCommentHide, "events", fmt.Sprintf("comment %d by %s", c, bob.URI)},
		{"vera", app.AuditCommentUnhide, "events", fmt.Sprintf("comment %d by %s", c, bob.URI)},
		{"vera", app.AuditFollowerApprove, "events", carol.URI},
		{"vera", app.AuditFollowerRemove, "events", carol.URI},
		{"vera", app.AuditReportCreate, "events", bob.URI},
		{"ada", app.AuditReportResolve, "events", bob.URI},
		{"ada", app.AuditFlagSend, "events", bob.URI},
		{"ada", app.AuditDomainBlock, "", "spam.example"},
		{"ada", app.AuditDomainUnblock, "", "spam.example"},
		{"ada", app.AuditAccountBlock, "", carol.URI},
		{"ada", app.AuditAccountUnblock, "", carol.URI},
		{"ada", app.AuditMembershipRevoke, "rival", "mallory"},
		{"ada", app.AuditMembershipGrant, "rival", "mallory"},
		{"vera", app.AuditGatheringCancel, "events", gTarget},
		{"vera", app.AuditGatheringDelete, "events", gTarget},
	}
	all, err := a.AuditLog(asAda, "", 1)
	require.NoError(t, err)
	var got []wantEntry
	for i := len(all.Entries) - 1; i >= 0; i-- { // oldest first, as want
		e := all.Entries[i]
		got = append(got, wantEntry{e.Username, e.Action, e.Coop, e.Target})
		require.False(t, e.At.IsZero())
	}
	require.Equal(t, want, got)
	for _, e := range all.Entries {
		switch {
		case e.Username == "command line":
			require.Equal(t, model.AuditViaCLI, e.Via)
			require.Nil(t, e.UserID)
		case e.Action == app.AuditGatheringEdit:
			require.Equal(t, model.AuditViaAPI, e.Via, "the edit came with a token")
			require.Equal(t, viaToken.Token, e.Token)
			require.Equal(t, "title", e.Detail)
		default:
			require.Equal(t, model.AuditViaWeb, e.Via)
			require.NotNil(t, e.UserID)
		}
	}

	// Organisers see what concerns their own co-op accounts.
	mine, err := a.AuditLog(asMallory, "", 1)
	require.NoError(t, err)
	require.Len(t, mine.Entries, 2)
	for _, e := range mine.Entries {
		require.Equal(t, "rival", e.Coop)
	}
	_, err = a.AuditLog(asMallory, "events", 1)
	require.ErrorIs(t, err, app.ErrForbidden)
	veras, err := a.AuditLog(asVera, "events", 1)
	require.NoError(t, err)
	for _, e := range veras.Entries {
		require.Equal(t, "events", e.Coop)
		require.False(t, strings.HasPrefix(e.Action, "domain."))
	}
	require.Len(t, veras.Entries, 17)
}
