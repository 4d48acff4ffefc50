package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
)

// formValues is what a browser would send from the form posting to
// action on the page: inputs, ticked boxes, text areas and selects.
func formValues(t *testing.T, doc *html.Node, action string) url.Values {
	t.Helper()
	var form *html.Node
	for _, f := range findAll(doc, "form") {
		if attr(f, "action") == action {
			form = f
		}
	}
	require.NotNil(t, form, "a form posting to %s", action)
	v := url.Values{}
	for _, in := range findAll(form, "input") {
		if typ := attr(in, "type"); (typ == "checkbox" || typ == "radio") && !hasAttr(in, "checked") {
			continue
		}
		v.Add(attr(in, "name"), attr(in, "value"))
	}
	for _, ta := range findAll(form, "textarea") {
		v.Add(attr(ta, "name"), strings.TrimPrefix(textContent(ta), "\n"))
	}
	for _, sel := range findAll(form, "select") {
		opts := findAll(sel, "option")
		chosen := opts[0]
		for _, o := range opts {
			if hasAttr(o, "selected") {
				chosen = o
			}
		}
		v.Add(attr(sel, "name"), attr(chosen, "value"))
	}
	return v
}

// textContent is n's text exactly, spaces and all.
func textContent(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// exampleGathering fills the editor's form with the example gathering.
func exampleGathering(v url.Values) {
	set := map[string]string{
		"title": "Tech co-op network gathering", "summary": "A day of honest business talk.",
		"description": "Two themes run side by side: **Business development** and **Big tech**.",
		"timezone":    "Europe/London", "starts_at": "2027-03-27T10:00", "ends_at": "2027-03-28T12:00",
		"venue.name": "Co-op workspace", "venue.street_address": "1 Example Road", "venue.locality": "London",
		"venue.postal_code": "N1 0AA", "venue.country": "GB", "venue.latitude": "51.5362", "venue.longitude": "-0.1033",
		"category": "MEETING", "tracks": "Business development\nBig tech and alternative platforms",
		"rooms[0].name": "Main room", "rooms[0].capacity": "40",
		"rooms[1].name": "Small room", "rooms[1].capacity": "15",
		"rooms[2].name": "Lobby and kitchen", "rooms[2].capacity": "30",
		"day_of_signup": "on",
	}
	for k, val := range set {
		v.Set(k, val)
	}
}

// gatheringID is the id of the editor path /admin/gatherings/{id}?saved.
func gatheringID(t *testing.T, loc string) int64 {
	t.Helper()
	rest, ok := strings.CutPrefix(loc, "/admin/gatherings/")
	require.True(t, ok, loc)
	rest, _, _ = strings.Cut(rest, "?")
	id, err := strconv.ParseInt(rest, 10, 64)
	require.NoError(t, err, loc)
	return id
}

func TestCreateGatheringWithTheEditor(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "grace", model.RoleOrganiser)
	br := b.browser(t)
	br.signIn("grace")

	res := br.get("/admin")
	newURL := attr(findLink(res, "/admin/gatherings/new?coop=events"), "href")
	require.NotEmpty(t, newURL, "the dashboard offers a new gathering")
	res = br.get(newURL)
	require.Equal(t, http.StatusOK, res.Status)
	require.Equal(t, "datetime-local", attr(byID(res.Doc, "starts_at"), "type"))
	require.NotNil(t, byID(res.Doc, "timezone-list"), "time zones are suggested")
	require.True(t, hasAttr(byID(res.Doc, "rsvp_poll"), "checked"), "a poll by default")
	form := formValues(t, res.Doc, "/admin/gatherings/new")
	exampleGathering(form)
	form.Del("rsvp_poll") // untick it

	res = br.post("/admin/gatherings/new", form)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	id := gatheringID(t, res.location())
	require.True(t, strings.HasSuffix(res.location(), "?saved"))

	out, err := b.inst.App.GatheringOutput(t.Context(), id)
	require.NoError(t, err)
	require.Equal(t, model.StatusDraft, out.Status)
	require.Equal(t, "Tech co-op network gathering", out.Title)
	require.Equal(t, "2027-03-27T10:00:00", out.StartsAt)
	require.Equal(t, []string{"Business development", "Big tech and alternative platforms"}, out.Tracks)
	require.Len(t, out.Rooms, 3)
	require.Equal(t, 15, *out.Rooms[1].Capacity)
	require.Equal(t, "N1 0AA", out.Venue.PostalCode)
	require.True(t, *out.DayOfSignup)
	require.False(t, *out.RSVPPoll, "the box was unticked")

	res = br.get(res.location())
	require.Equal(t, http.StatusOK, res.Status)
	require.Contains(t, text(byID(res.Doc, "main")), "Saved.")
	require.Equal(t, "Small room", attr(byID(res.Doc, "rooms[1].name"), "value"))
	require.Equal(t, "2027-03-28T12:00", attr(byID(res.Doc, "ends_at"), "value"))
	require.NotNil(t, byID(res.Doc, "rooms[5].name"), "three empty rows to add rooms")
	require.Nil(t, byID(res.Doc, "rooms[6].name"))

	// Edit it: the dashboard links to the editor.
	require.NotNil(t, findLink(br.get("/admin"), "/admin/gatherings/"+strconv.FormatInt(id, 10)))
	form = formValues(t, res.Doc, "/admin/gatherings/"+strconv.FormatInt(id, 10))
	require.Equal(t, "1", form.Get("version"))
	form.Set("title", "Tech co-op network day")
	form.Set("rooms[3].name", "Garden")
	form.Set("rooms[1].name", "")
	form.Set("rooms[1].capacity", "")
	res = br.post("/admin/gatherings/"+strconv.FormatInt(id, 10), form)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	out, err = b.inst.App.GatheringOutput(t.Context(), id)
	require.NoError(t, err)
	require.Equal(t, "Tech co-op network day", out.Title)
	require.Equal(t, 2, out.Version)
	var rooms []string
	for _, r := range out.Rooms {
		rooms = append(rooms, r.Name)
	}
	require.Equal(t, []string{"Main room", "Lobby and kitchen", "Garden"}, rooms)
}

func TestGatheringEditorErrors(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleAdmin)
	br := b.browser(t)
	br.signIn("ada")
	blank := formValues(t, br.get("/admin/gatherings/new").Doc, "/admin/gatherings/new")

	for _, tc := range []struct {
		change map[string]string
		input  string
		is     string
	}{
		{map[string]string{"title": " "}, "title", "Title is required."},
		{map[string]string{"timezone": "Mars/Olympus"}, "timezone", `"Mars/Olympus" is not a time zone name`},
		{map[string]string{"ends_at": "2027-03-27T09:00"}, "ends_at", "Ends must be after the start."},
		{map[string]string{"rooms[1].capacity": "0"}, "rooms[1].capacity", "Seats must be at least 1"},
		{map[string]string{"rooms[2].capacity": "lots"}, "rooms[2].capacity", `"lots" is not a whole number`},
		{map[string]string{"venue.name": "", "venue.street_address": "", "venue.locality": "", "venue.postal_code": "",
			"venue.country": "", "venue.latitude": "", "venue.longitude": ""}, "venue.name", "Give a venue, an online link, or both."},
		{map[string]string{"online_url": "zoom.example/123"}, "online_url", "is not a web address"},
		{map[string]string{"tracks": "A\na"}, "tracks", `Two tracks are called "a".`},
	} {
		form := url.Values{}
		for k, v := range blank {
			form[k] = v
		}
		exampleGathering(form)
		for k, v := range tc.change {
			form.Set(k, v)
		}
		res := br.post("/admin/gatherings/new", form)
		require.Equal(t, http.StatusBadRequest, res.Status, "%v: %s", tc.change, res.Body)
		requireFieldError(t, res.Doc, tc.input, tc.is)
		require.True(t, hasAttr(byID(res.Doc, tc.input), "autofocus"))
		require.True(t, strings.HasPrefix(text(findAll(res.Doc, "title")[0]), "Error:"))
		kept := formValues(t, res.Doc, "/admin/gatherings/new")
		for _, name := range []string{"title", "description", "rooms[2].name", "tracks", "starts_at", "timezone"} {
			require.Equal(t, form.Get(name), kept.Get(name), "%s is kept as typed", name)
		}
		if tc.input == "rooms[2].capacity" {
			require.Equal(t, "lots", kept.Get(tc.input))
		}
	}

	// Several mistakes at once: each is shown by its field, the first
	// (in the form's order) has the cursor.
	form := url.Values{}
	for k, v := range blank {
		form[k] = v
	}
	exampleGathering(form)
	form.Set("title", "")
	form.Set("ends_at", "2027-03-27T09:00")
	form.Set("rooms[0].capacity", "0")
	form.Set("rooms[1].capacity", "0")
	res := br.post("/admin/gatherings/new", form)
	require.Equal(t, http.StatusBadRequest, res.Status)
	requireFieldError(t, res.Doc, "title", "Title is required.")
	requireFieldError(t, res.Doc, "ends_at", "must be after the start")
	requireFieldError(t, res.Doc, "rooms[0].capacity", "at least 1")
	requireFieldError(t, res.Doc, "rooms[1].capacity", "at least 1")
	require.True(t, hasAttr(byID(res.Doc, "title"), "autofocus"))
	require.False(t, hasAttr(byID(res.Doc, "ends_at"), "autofocus"))
	require.Len(t, findAll(byID(res.Doc, "error-summary-title").Parent, "li"), 4, "the summary lists all four")
	form.Set("title", "Tech co-op network gathering")
	form.Set("ends_at", "2027-03-28T12:00")
	form.Set("rooms[0].capacity", "many")
	form.Set("rooms[1].capacity", "few")
	res = br.post("/admin/gatherings/new", form)
	requireFieldError(t, res.Doc, "rooms[0].capacity", `"many" is not a whole number`)
	requireFieldError(t, res.Doc, "rooms[1].capacity", `"few" is not a whole number`)

	coops, err := b.inst.App.Dashboard(t.Context())
	require.NoError(t, err)
	require.Empty(t, coops[0].Gatherings, "nothing was saved")
}

func TestGatheringEditorStale(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleAdmin)
	b.user(t, "grace", model.RoleOrganiser)
	in := &app.GatheringInput{}
	exampleInput(in)
	ref, err := b.inst.App.CreateGathering(t.Context(), "events", in, false)
	require.NoError(t, err)
	path := "/admin/gatherings/" + strconv.FormatInt(ref.ID, 10)

	ada, grace := b.browser(t), b.browserFrom(t, "127.0.0.2")
	ada.signIn("ada")
	grace.signIn("grace")
	adaForm := formValues(t, ada.get(path).Doc, path)
	graceForm := formValues(t, grace.get(path).Doc, path)

	graceForm.Set("title", "Grace's title")
	require.Equal(t, http.StatusSeeOther, grace.post(path, graceForm).Status)

	adaForm.Set("title", "Ada's title")
	res := ada.post(path, adaForm)
	require.Equal(t, http.StatusConflict, res.Status, res.Body)
	require.Contains(t, text(byID(res.Doc, "error-summary-title").Parent), "Someone else changed this gathering while you were editing it")
	require.Equal(t, "Grace's title", attr(byID(res.Doc, "title"), "value"), "the form shows the gathering as it is now")
	require.NotNil(t, findLink(res, path), "a link to reload")
	shown := formValues(t, res.Doc, path)
	require.Equal(t, "2", shown.Get("version"))

	out, err := b.inst.App.GatheringOutput(t.Context(), ref.ID)
	require.NoError(t, err)
	require.Equal(t, "Grace's title", out.Title, "not overwritten")

	// An editor of no gathering, or of a made-up id.
	require.Equal(t, http.StatusNotFound, ada.get("/admin/gatherings/999").Status)
	require.Equal(t, http.StatusNotFound, ada.get("/admin/gatherings/x").Status)
	require.Equal(t, http.StatusNotFound, ada.post("/admin/gatherings/999", shown).Status)
	shown.Del("version")
	require.Equal(t, http.StatusBadRequest, ada.post(path, shown).Status)
}

// exampleInput is the example gathering, rooms and tracks, no sessions.
func exampleInput(in *app.GatheringInput) {
	forty, fifteen := 40, 15
	*in = app.GatheringInput{
		Title: "Tech co-op network gathering", Timezone: "Europe/London",
		StartsAt: "2027-03-27T10:00:00", EndsAt: "2027-03-28T12:00:00",
		Venue:  &app.VenueInput{Name: "Co-op workspace", Locality: "London", Country: "GB"},
		Rooms:  []app.RoomInput{{Name: "Main room", Capacity: &forty}, {Name: "Small room", Capacity: &fifteen}, {Name: "Lobby and kitchen"}},
		Tracks: []string{"Business development", "Big tech and alternative platforms"},
	}
}
