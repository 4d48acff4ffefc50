package fed

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

func runReports(t *testing.T, h Harness) {
	t.Run("Reports", func(t *testing.T) { t.Parallel(); testReports(t, h) })
}

func testReports(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)
	north, err := b.store.ActorCreate(ctx, newActor("north"))
	require.NoError(t, err)
	south, err := b.store.ActorCreate(ctx, newActor("south"))
	require.NoError(t, err)

	list, err := b.store.ReportList(ctx, 10)
	require.NoError(t, err)
	require.Empty(t, list)

	at := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	first := &model.Report{URI: "https://m.example/1", ReporterURI: "https://m.example/actor", ActorID: north.ID,
		ObjectURIs: []string{"https://g.example/actors/north", "https://g.example/gatherings/1"}, Content: "Spam <b>\n</b> é", ReceivedAt: at}
	_, err = b.store.ReportInsert(ctx, first)
	require.NoError(t, err)
	_, err = b.store.ReportInsert(ctx, &model.Report{URI: "https://m.example/2", ReporterURI: "https://m.example/actor", ActorID: south.ID,
		ObjectURIs: []string{"https://g.example/actors/south"}, ReceivedAt: at.Add(time.Minute)})
	require.NoError(t, err)
	_, err = b.store.ReportInsert(ctx, &model.Report{URI: first.URI, ReporterURI: first.ReporterURI, ActorID: south.ID, ReceivedAt: at})
	require.ErrorIs(t, err, store.ErrConflict, "a Flag sent twice is one report")

	list, err = b.store.ReportList(ctx, 10)
	require.NoError(t, err)
	require.Len(t, list, 2)
	require.Equal(t, "https://m.example/2", list[0].URI, "newest first")
	got := list[1]
	require.Equal(t, "north", got.ActorHandle)
	require.Equal(t, north.ID, got.ActorID)
	require.Equal(t, first.ObjectURIs, got.ObjectURIs)
	require.Equal(t, first.Content, got.Content)
	require.Equal(t, first.ReporterURI, got.ReporterURI)
	require.True(t, got.ReceivedAt.Equal(at), "received at %v", got.ReceivedAt)

	list, err = b.store.ReportList(ctx, 1)
	require.NoError(t, err)
	require.Len(t, list, 1)
}

func runReportStates(t *testing.T, h Harness) {
	t.Run("ReportStates", func(t *testing.T) { t.Parallel(); testReportStates(t, h) })
	t.Run("AuditLog", func(t *testing.T) { t.Parallel(); testAuditLog(t, h) })
	t.Run("CommentHides", func(t *testing.T) { t.Parallel(); testCommentHides(t, h) })
}

// Reports are resolved once, listed open first, and paged.
func testReportStates(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)
	north, err := b.store.ActorCreate(ctx, newActor("north"))
	require.NoError(t, err)
	at := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	var ids []int64
	for i := range 5 {
		id, err := b.store.ReportInsert(ctx, &model.Report{URI: "https://m.example/" + strconv.Itoa(i), ReporterURI: "https://m.example/actor",
			ActorID: north.ID, ObjectURIs: []string{"https://g.example/actors/north"}, ReceivedAt: at.Add(time.Duration(i) * time.Minute)})
		require.NoError(t, err)
		ids = append(ids, id)
	}
	ours, err := b.store.ReportInsert(ctx, &model.Report{URI: "https://g.example/activities/1", ReporterURI: "https://g.example/actors/north",
		ActorID: north.ID, ObjectURIs: []string{"https://m.example/users/spam"}, ReceivedAt: at, TargetURI: "https://m.example/users/spam", ReporterUser: "vera"})
	require.NoError(t, err)

	require.NoError(t, b.store.ReportResolve(ctx, ids[4], "ada", at.Add(time.Hour)))
	require.ErrorIs(t, b.store.ReportResolve(ctx, ids[4], "bea", at.Add(time.Hour)), store.ErrConflict, "resolved once")
	require.ErrorIs(t, b.store.ReportResolve(ctx, 999999, "ada", at), store.ErrNotFound)
	require.NoError(t, b.store.ReportForwarded(ctx, ours, at.Add(time.Minute)))

	all, err := b.store.ReportPage(ctx, &store.ReportPageParams{State: model.ReportsAll, Limit: 10})
	require.NoError(t, err)
	require.Len(t, all, 6)
	require.Equal(t, ids[4], all[5].ID, "the resolved one comes last, though newest")
	require.Equal(t, ids[3], all[0].ID, "then newest first")
	require.Equal(t, "ada", all[5].ResolvedBy)
	require.True(t, all[5].ResolvedAt.Equal(at.Add(time.Hour)))

	open, err := b.store.ReportPage(ctx, &store.ReportPageParams{State: model.ReportsOpen, Limit: 2, Offset: 2})
	require.NoError(t, err)
	require.Len(t, open, 2)
	require.Equal(t, []int64{ids[1], ours}, []int64{open[0].ID, open[1].ID}, "the second page; same time, later id first")
	resolved, err := b.store.ReportPage(ctx, &store.ReportPageParams{State: model.ReportsResolved, Limit: 10})
	require.NoError(t, err)
	require.Len(t, resolved, 1)

	got, err := b.store.ReportGet(ctx, ours)
	require.NoError(t, err)
	require.True(t, got.Local())
	require.Equal(t, "vera", got.ReporterUser)
	require.NotNil(t, got.ForwardedAt)
	require.Equal(t, "north", got.ActorHandle)
}

func testAuditLog(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)
	north, err := b.store.ActorCreate(ctx, newActor("north"))
	require.NoError(t, err)
	south, err := b.store.ActorCreate(ctx, newActor("south"))
	require.NoError(t, err)
	u, err := b.store.UserCreate(ctx, &store.UserCreateParams{Username: "vera", PasswordHash: "x", Role: model.RoleOrganiser, CreatedAt: time.Now()})
	require.NoError(t, err)
	require.NoError(t, b.store.MembershipAdd(ctx, &store.MembershipAddParams{UserID: u.ID, ActorID: north.ID, CreatedAt: time.Now()}))
	at := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	for i, actor := range []*model.Actor{&north, &south, nil, &north} {
		e := &model.AuditEntry{At: at.Add(time.Duration(i) * time.Second), UserID: &u.ID, Username: "vera", Via: model.AuditViaWeb,
			Action: "gathering.edit", Target: "gathering " + strconv.Itoa(i), Detail: "é"}
		if actor != nil {
			e.ActorID, e.Coop = &actor.ID, actor.Handle
		}
		require.NoError(t, b.store.AuditInsert(ctx, e))
	}
	require.NoError(t, b.store.AuditInsert(ctx, &model.AuditEntry{At: at, Username: "command line", Via: model.AuditViaCLI, Action: "domain.block", Target: "x.example"}))

	all, err := b.store.AuditList(ctx, &store.AuditListParams{Limit: 10})
	require.NoError(t, err)
	require.Len(t, all, 5)
	require.Equal(t, "domain.block", all[0].Action, "newest first (by when it was written)")
	require.Nil(t, all[0].UserID)
	require.Nil(t, all[0].ActorID)
	require.Equal(t, "gathering 3", all[1].Target)
	require.Equal(t, u.ID, *all[1].UserID)
	require.Equal(t, "north", all[1].Coop)
	require.Equal(t, "é", all[1].Detail)

	theirs, err := b.store.AuditList(ctx, &store.AuditListParams{MemberOf: u.ID, Limit: 10})
	require.NoError(t, err)
	require.Len(t, theirs, 2, "only the co-op accounts vera organises for")
	southOnly, err := b.store.AuditList(ctx, &store.AuditListParams{ActorID: south.ID, Limit: 10})
	require.NoError(t, err)
	require.Len(t, southOnly, 1)
	page, err := b.store.AuditList(ctx, &store.AuditListParams{Limit: 2, Offset: 4})
	require.NoError(t, err)
	require.Len(t, page, 1)
}

// A hidden comment stays hidden when its author edits it, and is shown
// again on unhiding.
func testCommentHides(t *testing.T, h Harness) {
	ctx := context.Background()
	s := setup(t, h).store
	actor, err := s.ActorCreate(ctx, newActor("events"))
	require.NoError(t, err)
	gid, err := s.GatheringCreate(ctx, newGathering(actor.ID, "Day", time.Date(2027, 3, 27, 10, 0, 0, 0, time.UTC)))
	require.NoError(t, err)
	alice, err := s.RemoteActorUpsert(ctx, remote("social.example", "alice", true))
	require.NoError(t, err)
	c := &model.Comment{GatheringID: gid, RemoteActorID: alice.ID, NoteURI: "https://social.example/notes/9", ContentHTML: "<p>Spam</p>", CreatedAt: time.Now()}
	require.NoError(t, s.CommentSave(ctx, c))
	list, err := s.CommentList(ctx, gid)
	require.NoError(t, err)
	id := list[0].ID
	got, err := s.CommentGet(ctx, id)
	require.NoError(t, err)
	require.Equal(t, "alice", got.Person.Username)
	_, err = s.CommentGet(ctx, id+1000)
	require.ErrorIs(t, err, store.ErrNotFound)

	at := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	require.NoError(t, s.CommentHide(ctx, &model.CommentHide{CommentID: id, HiddenBy: "vera", HiddenAt: at}))
	require.NoError(t, s.CommentHide(ctx, &model.CommentHide{CommentID: id, HiddenBy: "ada", HiddenAt: at.Add(time.Hour)}), "twice is once")
	c.ContentHTML = "<p>More spam</p>"
	require.NoError(t, s.CommentSave(ctx, c))
	hides, err := s.CommentHides(ctx, gid)
	require.NoError(t, err)
	require.Len(t, hides, 1)
	require.Equal(t, "vera", hides[id].HiddenBy, "the first hide stands; an edit does not show it again")
	require.True(t, hides[id].HiddenAt.Equal(at))
	require.NoError(t, s.CommentUnhide(ctx, id))
	hides, err = s.CommentHides(ctx, gid)
	require.NoError(t, err)
	require.Empty(t, hides)
}
