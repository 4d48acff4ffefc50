package admin_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/browsertest"
)

// TestBrowserPlaceOpenSpaceByKeyboard (issue 19): an organiser, with the
// keyboard alone, moves a lightning talk down the running order and
// places an open-space topic in the Small room at 15:00 for an hour; the
// topic is then a session there, facilitated by its proposer. axe-core
// checks the page before and after, at 1280 and 390 pixels.
func TestBrowserPlaceOpenSpaceByKeyboard(t *testing.T) {
	t.Parallel()
	ctx := browsertest.Start(t)
	axe, _ := browsertest.AxeScript()
	b := setup(t, "sqlite")
	b.user(t, "grace", model.RoleOrganiser)
	in := &app.GatheringInput{}
	exampleInput(in)
	main := "Main room"
	in.Sessions = []app.SessionInput{{Title: "Lightning talks", Kind: "lightning_talks", StartsAt: "2027-03-27T16:00", EndsAt: "2027-03-27T16:45",
		Room: &main}}
	ref, err := b.inst.App.CreateGathering(t.Context(), "events", in, true)
	require.NoError(t, err)
	bob, err := b.inst.Store.RemoteActorUpsert(t.Context(), &model.RemoteActor{URI: "https://social.example/users/bob", Host: "social.example",
		Domain: "social.example", Username: "bob", Name: "Bob", Inbox: "https://social.example/users/bob/inbox",
		KeyID: "https://social.example/users/bob#main-key", PublicKeyPEM: "key", FetchedAt: time.Now()})
	require.NoError(t, err)
	now := time.Now().UTC().Truncate(time.Second)
	propose := func(kind model.ProposalKind, title string, who *int64, guest string) model.Proposal {
		p, _, err := b.inst.Store.ProposalSave(t.Context(), &model.Proposal{GatheringID: ref.ID, Kind: kind, Title: title, RemoteActorID: who,
			GuestName: guest, GuestKey: guest, CreatedAt: now, UpdatedAt: now})
		require.NoError(t, err)
		return p
	}
	topic := propose(model.ProposalOpenSpace, "Co-op finance", &bob.ID, "")
	first := propose(model.ProposalLightning, "Worker buyouts", &bob.ID, "")
	propose(model.ProposalLightning, "Our payroll", nil, "Kim")
	page := "/admin/gatherings/" + strconv.FormatInt(ref.ID, 10) + "/proposals"

	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx),
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(b.base+"/admin/sign-in?next="+page),
		chromedp.WaitVisible("#username"),
	))
	k := &keyboard{t: t, ctx: ctx}
	k.fill("#username", "grace")
	k.fill("#password", password("grace"))
	k.press("\r")
	k.arrive("#openspace-title")
	for _, width := range []int64{1280, 390} {
		browsertest.CheckAccessibility(t, ctx, axe, "", width)
	}
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.EmulateViewport(1280, 900)))

	row := "#proposal-" + strconv.FormatInt(first.ID, 10)
	k.follow(row+` form[action$="/down"] button`, "p.notice")
	require.Contains(t, k.text("p.notice"), "The running order is changed.")
	require.Equal(t, "Our payroll", k.text("table.list tbody tr:first-child th"), "Kim's talk first now")

	form := "#proposal-" + strconv.FormatInt(topic.ID, 10)
	k.choose(form+"-slot", "2027-03-27T15:00|Small room")
	k.choose(form+"-length", "60")
	k.follow(form+` form.place-form button`, "p.notice")
	require.Contains(t, k.text("p.notice"), "The topic is placed")
	require.Contains(t, k.text(form), "Placed: Small room, Sat 27 Mar 15:00–16:00")
	for _, width := range []int64{1280, 390} {
		browsertest.CheckAccessibility(t, ctx, axe, "", width)
	}

	out, err := b.inst.App.GatheringOutput(t.Context(), ref.ID)
	require.NoError(t, err)
	var placed *app.SessionOutput
	for i, s := range out.Sessions {
		if s.Title == "Co-op finance" {
			placed = &out.Sessions[i]
		}
	}
	require.NotNil(t, placed, "the topic is a session")
	require.Equal(t, "open_space", placed.Kind)
	require.Equal(t, "Small room", *placed.Room)
	require.Equal(t, "2027-03-27T15:00:00", placed.StartsAt)
	require.Equal(t, "2027-03-27T16:00:00", placed.EndsAt)
	require.Equal(t, []string{"@bob@social.example"}, placed.Facilitators, "its proposer runs it")
	browsertest.Screenshot(t, ctx, "admin-proposals-placed.png")
}

// TestBrowserDragOpenSpaceTopic drags a waiting open-space topic from
// the schedule builder onto a free slot with the page's own script: it
// is placed there for an hour.
func TestBrowserDragOpenSpaceTopic(t *testing.T) {
	t.Parallel()
	ctx := browsertest.Start(t)
	b := setup(t, "sqlite")
	b.user(t, "grace", model.RoleOrganiser)
	in := &app.GatheringInput{}
	exampleInput(in)
	ref, err := b.inst.App.CreateGathering(t.Context(), "events", in, true)
	require.NoError(t, err)
	now := time.Now().UTC().Truncate(time.Second)
	_, _, err = b.inst.Store.ProposalSave(t.Context(), &model.Proposal{GatheringID: ref.ID, Kind: model.ProposalOpenSpace,
		Title: "Tool libraries", GuestName: "Sam", GuestKey: "k1", CreatedAt: now, UpdatedAt: now})
	require.NoError(t, err)
	next := "/admin/gatherings/" + strconv.FormatInt(ref.ID, 10) + "/schedule"
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx),
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(b.base+"/admin/sign-in?next="+next),
		chromedp.SendKeys("#username", "grace"),
		chromedp.SendKeys("#password", password("grace")+"\r"),
		chromedp.WaitVisible(`.topic-list [data-move-url]`),
	))
	require.True(t, browsertest.Evaluate[bool](t, ctx, `(() => {
		const from = document.querySelector(".topic-list [data-move-url]");
		const to = document.querySelector('td[data-room="Small room"][data-start="2027-03-27T14:00"]');
		const dt = new DataTransfer();
		from.dispatchEvent(new DragEvent("dragstart", {bubbles: true, dataTransfer: dt}));
		to.dispatchEvent(new DragEvent("dragover", {bubbles: true, cancelable: true, dataTransfer: dt}));
		to.dispatchEvent(new DragEvent("drop", {bubbles: true, cancelable: true, dataTransfer: dt}));
		return true;
	})()`))
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.WaitVisible(`p.notice`)))
	require.Contains(t, browsertest.Evaluate[string](t, ctx, `document.querySelector("p.notice").innerText`), "The topic is placed")
	out, err := b.inst.App.GatheringOutput(t.Context(), ref.ID)
	require.NoError(t, err)
	require.Len(t, out.Sessions, 1)
	s := out.Sessions[0]
	require.Equal(t, "Tool libraries", s.Title)
	require.Equal(t, "Small room", *s.Room)
	require.Equal(t, "2027-03-27T14:00:00", s.StartsAt)
	require.Equal(t, "2027-03-27T15:00:00", s.EndsAt, "an hour")
	require.Equal(t, []string{"Sam"}, s.Facilitators)
}
