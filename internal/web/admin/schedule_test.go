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

// TestScheduleGrid shows the sessions in their rooms' columns, and an Add
// link in every free slot that opens the session form filled in.
func TestScheduleGrid(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "grace", model.RoleOrganiser)
	in := &app.GatheringInput{}
	exampleInput(in)
	ref, err := b.inst.App.CreateGathering(t.Context(), "events", in, false)
	require.NoError(t, err)
	for _, s := range []struct{ title, start, end, room string }{
		{"How we're really doing", "2027-03-27T10:30", "2027-03-27T12:00", "Main room"},
		{"Pricing clinic", "2027-03-27T13:00", "2027-03-27T14:00", "Small room"},
		{"Lunch", "2027-03-27T12:00", "2027-03-27T13:00", "Lobby and kitchen"},
		{"Leaving big tech", "2027-03-28T09:00", "2027-03-28T10:00", ""},
	} {
		room := s.room
		_, err := b.inst.App.AddSession(t.Context(), ref.ID, &app.SessionInput{
			Title: s.title, Kind: "workshop", StartsAt: s.start, EndsAt: s.end, Room: &room})
		require.NoError(t, err, s.title)
	}
	editor := "/admin/gatherings/" + strconv.FormatInt(ref.ID, 10)
	br := b.browser(t)
	br.signIn("grace")
	require.NotNil(t, findLink(br.get(editor), editor+"/schedule"), "the editor links to the schedule builder")

	res := br.get(editor + "/schedule")
	require.Equal(t, http.StatusOK, res.Status, res.Body)
	tables := findAll(res.Doc, "table")
	require.Len(t, tables, 2, "a table per day")

	// column names the session in each room's column, following rowspans.
	type placed struct{ column, row string }
	grid := func(table *html.Node) (map[string]placed, map[placed]*html.Node) {
		var heads []string
		for _, th := range findAll(findAll(table, "thead")[0], "th") {
			heads = append(heads, text(th))
		}
		sessions, free := map[string]placed{}, map[placed]*html.Node{}
		busy := map[int]int{} // column → rows still covered
		for _, tr := range findAll(findAll(table, "tbody")[0], "tr") {
			row := text(findAll(tr, "th")[0])
			cells := findAll(tr, "td")
			col := 1
			for _, td := range cells {
				for busy[col] > 0 {
					busy[col]--
					col++
				}
				if span, _ := strconv.Atoi(attr(td, "rowspan")); span > 1 {
					busy[col] = span - 1
				}
				at := placed{heads[col], row}
				for _, a := range findAll(td, "a") {
					if strings.HasPrefix(text(a), "Add") {
						free[at] = a
					} else {
						sessions[text(a)] = at
					}
				}
				col++
			}
			for c := col; c < len(heads); c++ {
				if busy[c] > 0 {
					busy[c]--
				}
			}
		}
		return sessions, free
	}
	sat, satFree := grid(tables[0])
	require.Equal(t, placed{"Main room", "10:30"}, sat["How we're really doing"])
	require.Equal(t, placed{"Lobby and kitchen", "12:00"}, sat["Lunch"])
	require.Equal(t, placed{"Small room", "13:00"}, sat["Pricing clinic"])
	sun, sunFree := grid(tables[1])
	require.Equal(t, placed{"No room", "09:00"}, sun["Leaving big tech"])
	require.Contains(t, text(byID(res.Doc, "main")), "Sunday 28 March 2027")

	// The session links open its form.
	out, err := b.inst.App.GatheringOutput(t.Context(), ref.ID)
	require.NoError(t, err)
	for _, s := range out.Sessions {
		require.NotNil(t, findLink(res, "/admin/sessions/"+strconv.FormatInt(s.ID, 10)), s.Title)
	}

	// Free slots: an Add link with the room and the time, named in full.
	add := satFree[placed{"Main room", "10:00"}]
	require.NotNil(t, add, "10:00 in the Main room is free")
	require.Nil(t, satFree[placed{"Main room", "11:00"}], "the session covers 11:00")
	require.Equal(t, "Add a session in Main room at 10:00 on Saturday 27 March", text(add))
	u, err := url.Parse(attr(add, "href"))
	require.NoError(t, err)
	require.Equal(t, editor+"/sessions/new", u.Path)
	require.Equal(t, url.Values{"from": {"schedule"}, "room": {"Main room"}, "starts_at": {"2027-03-27T10:00"}, "ends_at": {"2027-03-27T11:00"}}, u.Query())
	add = sunFree[placed{"Small room", "11:30"}]
	require.NotNil(t, add)
	u, err = url.Parse(attr(add, "href"))
	require.NoError(t, err)
	require.Equal(t, url.Values{"from": {"schedule"}, "room": {"Small room"}, "starts_at": {"2027-03-28T11:30"}, "ends_at": {"2027-03-28T12:30"}}, u.Query())
	noRoom := sunFree[placed{"No room", "10:00"}]
	require.NotNil(t, noRoom)
	require.Contains(t, text(noRoom), "without a room")
	require.Nil(t, sunFree[placed{"Main room", "12:00"}], "the gathering ends at 12:00")

	// The link opens the form filled in.
	res = br.get(attr(add, "href"))
	require.Equal(t, http.StatusOK, res.Status)
	form := formValues(t, res.Doc, editor+"/sessions")
	require.Equal(t, "Small room", form.Get("session.room"))
	require.Equal(t, "2027-03-28T11:30", form.Get("session.starts_at"))
	require.Equal(t, "2027-03-28T12:30", form.Get("session.ends_at"))
	require.Equal(t, "schedule", form.Get("from"))

	// Added from the grid, the organiser is back on the grid.
	form.Set("session.title", "Open-source tools for co-ops")
	form.Set("session.ends_at", "2027-03-28T12:00") // the gathering ends then
	res = br.post(editor+"/sessions", form)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	require.Equal(t, editor+"/schedule?session-added", res.location())
	after := br.get(res.location())
	require.Contains(t, text(after.Doc), "The session is added.")
	require.Contains(t, text(after.Doc), "Open-source tools for co-ops")

	require.Equal(t, http.StatusNotFound, br.get("/admin/gatherings/999/schedule").Status)
}
