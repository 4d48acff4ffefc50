package admin_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
)

func TestSessionForms(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "grace", model.RoleOrganiser)
	in := &app.GatheringInput{}
	exampleInput(in)
	ref, err := b.inst.App.CreateGathering(t.Context(), "events", in, false)
	require.NoError(t, err)
	editor := "/admin/gatherings/" + strconv.FormatInt(ref.ID, 10)
	add := editor + "/sessions"
	br := b.browser(t)
	br.signIn("grace")

	// Add a session with the editor's form.
	res := br.get(editor)
	require.Contains(t, text(byID(res.Doc, "sessions")), "No sessions yet")
	form := formValues(t, res.Doc, add)
	require.Equal(t, "2027-03-27T10:00", form.Get("session.starts_at"), "it starts with the gathering")
	require.Equal(t, "2027-03-27T11:00", form.Get("session.ends_at"))
	form.Set("session.title", "How we're really doing")
	form.Set("session.starts_at", "2027-03-27T10:30")
	form.Set("session.ends_at", "2027-03-27T12:00")
	form.Set("session.room", "Main room")
	form.Set("session.track", "Business development")
	form.Set("session.facilitators", "A visiting researcher\n\nSam")
	res = br.post(add, form)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	require.Equal(t, editor+"?session-added#sessions", res.location())
	res = br.get(res.location())
	require.Contains(t, text(byID(res.Doc, "main")), "The session is added.")
	list := text(byID(res.Doc, "sessions"))
	require.Contains(t, list, "Sat 27 Mar, 10:30–12:00 Main room How we're really doing")

	out, err := b.inst.App.GatheringOutput(t.Context(), ref.ID)
	require.NoError(t, err)
	require.Len(t, out.Sessions, 1)
	s := out.Sessions[0]
	require.Equal(t, []string{"A visiting researcher", "Sam"}, s.Facilitators)
	require.Equal(t, "Business development", *s.Track)
	sessionURL := "/admin/sessions/" + strconv.FormatInt(s.ID, 10)
	require.NotNil(t, findLink(res, sessionURL), "the list links to the session's form")

	// A clash: the error is next to the room, and the form keeps what was typed.
	form.Set("session.title", "Pricing")
	form.Set("session.starts_at", "2027-03-27T11:00")
	form.Set("session.capacity", "12")
	res = br.post(add, form)
	require.Equal(t, http.StatusBadRequest, res.Status)
	requireFieldError(t, res.Doc, "session.room", `Main room already holds "How we're really doing" then.`)
	kept := formValues(t, res.Doc, add)
	for _, name := range []string{"session.title", "session.starts_at", "session.room", "session.capacity", "session.facilitators"} {
		require.Equal(t, form.Get(name), kept.Get(name), name)
	}
	form.Set("session.ends_at", "2027-03-27T10:00")
	res = br.post(add, form)
	requireFieldError(t, res.Doc, "session.ends_at", "Ends must be after the start.")
	form.Set("session.capacity", "a dozen")
	res = br.post(add, form)
	requireFieldError(t, res.Doc, "session.capacity", `"a dozen" is not a whole number`)

	// The add page the schedule grid links to comes filled in.
	res = br.get(editor + "/sessions/new?room=Small+room&starts_at=2027-03-28T09:00")
	require.Equal(t, http.StatusOK, res.Status)
	prefilled := formValues(t, res.Doc, add)
	require.Equal(t, "Small room", prefilled.Get("session.room"))
	require.Equal(t, "2027-03-28T10:00", prefilled.Get("session.ends_at"))

	// Edit it.
	res = br.get(sessionURL)
	require.Equal(t, http.StatusOK, res.Status)
	edit := formValues(t, res.Doc, sessionURL)
	require.Equal(t, "Main room", edit.Get("session.room"))
	require.Equal(t, "1", edit.Get("version"))
	stale := formValues(t, res.Doc, sessionURL)
	edit.Set("session.room", "Small room")
	edit.Set("session.kind", "talk")
	res = br.post(sessionURL, edit)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	out, err = b.inst.App.GatheringOutput(t.Context(), ref.ID)
	require.NoError(t, err)
	require.Equal(t, "Small room", *out.Sessions[0].Room)
	require.Equal(t, "talk", out.Sessions[0].Kind)

	// A stale form is refused, and shows the session as it is now.
	stale.Set("session.title", "Old copy")
	res = br.post(sessionURL, stale)
	require.Equal(t, http.StatusConflict, res.Status)
	require.Contains(t, text(byID(res.Doc, "error-summary-title").Parent), "Someone else changed this session")
	require.Equal(t, "Small room", formValues(t, res.Doc, sessionURL).Get("session.room"))

	// Delete it, after a confirmation that says nothing federates for a draft.
	res = br.get(sessionURL + "/delete")
	require.Equal(t, http.StatusOK, res.Status)
	require.Contains(t, text(byID(res.Doc, "main")), "Nothing is sent to other servers")
	res = br.post(sessionURL+"/delete", nil)
	require.Equal(t, http.StatusSeeOther, res.Status)
	require.True(t, strings.HasPrefix(res.location(), editor+"?session-deleted"))
	require.Equal(t, http.StatusNotFound, br.get(sessionURL).Status)
}

// TestSessionShowsFacilitators: a facilitator given by handle is looked
// up when the session is saved and shown with avatar and display name.
func TestSessionShowsFacilitators(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "grace", model.RoleOrganiser)
	remote := fedtest.NewServer(t, fedtest.Mastodon)
	ana := remote.AddActor("ana")
	ana.SetAvatar("https://files.example/ana.png")
	in := &app.GatheringInput{}
	exampleInput(in)
	ref, err := b.inst.App.CreateGathering(t.Context(), "events", in, false)
	require.NoError(t, err)
	s, err := b.inst.App.AddSession(t.Context(), ref.ID, &app.SessionInput{Title: "Pricing", Kind: "workshop",
		StartsAt: "2027-03-27T10:30", EndsAt: "2027-03-27T12:00", Facilitators: []string{ana.Handle, "A visiting researcher"}})
	require.NoError(t, err)
	br := b.browser(t)
	br.signIn("grace")

	res := br.get("/admin/sessions/" + strconv.FormatInt(s.ID, 10))
	require.Equal(t, http.StatusOK, res.Status, res.Body)
	section := byID(res.Doc, "facilitators-title").Parent
	items := findAll(section, "li")
	require.Len(t, items, 2)
	require.Contains(t, text(items[0]), "ana "+ana.Handle)
	imgs := findAll(items[0], "img")
	require.Len(t, imgs, 1)
	require.Equal(t, "https://files.example/ana.png", attr(imgs[0], "src"))
	require.Equal(t, ana.URL, attr(findAll(items[0], "a")[0], "href"), "the profile link")
	require.Contains(t, text(items[1]), "A visiting researcher")
	require.Empty(t, findAll(items[1], "img"), "a name has no avatar")
}
