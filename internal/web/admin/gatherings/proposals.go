package gatherings

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

// The "Lightning & open space" page of a gathering: what people proposed,
// by reply or at the venue. Lightning talks are a running order with up
// and down buttons; each open-space topic waiting has a form choosing a
// free slot of the schedule grid (a room and a time) and a length. Plain
// forms: the keyboard does everything, no script needed.

// proposalsPath is the page of gathering id's proposals.
func proposalsPath(id int64) string { return ui.GatheringPath(id) + "/proposals" }

// proposalPath is where the actions on one proposal are posted.
func proposalPath(gathering, proposal int64, action string) string {
	return proposalsPath(gathering) + "/" + strconv.FormatInt(proposal, 10) + "/" + action
}

type proposalsView struct {
	ui.Layout
	Notice, Problem string
	GatheringTitle  string
	GatheringURL    string
	ScheduleURL     string
	// Lightning is the session the talks are listed in: "" when the
	// gathering has none.
	LightningSession, LightningWhen, LightningURL string
	Lightning                                     []proposalRow
	OpenSpace                                     []proposalRow
	Declined                                      []proposalRow
	Slots                                         []slotGroup
	Lengths                                       []ui.Option
}

type proposalRow struct {
	ID         int64
	Number     int // place in the running order, when listed
	Title      string
	Proposer   string
	Where      string // its session's room and time, once placed
	SessionURL string
	UpURL      string
	DownURL    string
	ListURL    string
	PlaceURL   string
	DeclineURL string
	IsFirst    bool
	IsLast     bool
	FormID     string // the place form's id prefix
}

// slotGroup is a day's free slots, an <optgroup>.
type slotGroup struct {
	Label string
	Slots []ui.Option
}

var proposalNotices = []struct{ key, msg string }{
	{"placed", "The topic is placed: its session is on the schedule, and the proposer is told."},
	{"listed", "The talk is on the list, and the proposer is told."},
	{"moved", "The running order is changed."},
	{"declined", "The proposal is declined."},
}

// ProposalsPage shows a gathering's proposals (GET
// /admin/gatherings/{id}/proposals).
func (h *Handler) ProposalsPage(w http.ResponseWriter, r *http.Request) {
	id, ok := h.PathID(w, r)
	if !ok {
		return
	}
	v, err := h.proposalsView(r, id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	for _, n := range proposalNotices {
		if r.URL.Query().Has(n.key) {
			v.Notice = n.msg
		}
	}
	h.Render(w, r, http.StatusOK, "proposals", v)
}

func (h *Handler) proposalsView(r *http.Request, id int64) (proposalsView, error) {
	ps, err := h.App.Proposals(r.Context(), id)
	if err != nil {
		return proposalsView{}, err
	}
	out := h.App.GatheringOutputOf(ps.Gathering)
	v := proposalsView{Layout: h.Page(r, "Lightning talks and open space", "gatherings"), GatheringTitle: out.Title,
		GatheringURL: ui.GatheringPath(id), ScheduleURL: schedulePath(id), Slots: freeSlots(out),
		Lengths: []ui.Option{{Value: "30", Label: "30 minutes"}, {Value: "45", Label: "45 minutes"},
			{Value: "60", Label: "1 hour", Selected: true}, {Value: "90", Label: "1 hour 30"}}}
	zone := zoneOf(out.Timezone)
	if s := ps.LightningSession; s != nil {
		v.LightningSession, v.LightningWhen, v.LightningURL = s.Title, s.StartsAt.In(zone).Format("Mon 2 Jan 15:04"), ui.SessionPath(s.ID)
	}
	listed, onList := 0, 0
	for _, p := range ps.Lightning {
		if p.Session != nil {
			onList++
		}
	}
	for i, p := range ps.Lightning {
		row := h.proposalRow(id, p, ps.Gathering.Gathering, zone)
		// Talks move within their part: on the list, or waiting.
		row.IsFirst, row.IsLast = i == 0 || i == onList, i == len(ps.Lightning)-1 || i == onList-1
		if p.Session != nil {
			listed++
			row.Number = listed
		} else if ps.LightningSession != nil {
			row.ListURL = proposalPath(id, p.ID, "list")
		}
		v.Lightning = append(v.Lightning, row)
	}
	for _, p := range ps.OpenSpace {
		row := h.proposalRow(id, p, ps.Gathering.Gathering, zone)
		if p.Session == nil {
			row.PlaceURL = proposalPath(id, p.ID, "place")
		} else {
			row.DeclineURL = "" // its session is deleted instead
		}
		v.OpenSpace = append(v.OpenSpace, row)
	}
	for _, p := range ps.Declined {
		v.Declined = append(v.Declined, h.proposalRow(id, p, ps.Gathering.Gathering, zone))
	}
	return v, nil
}

func (h *Handler) proposalRow(gathering int64, p app.ProposalView, g model.Gathering, zone *time.Location) proposalRow {
	row := proposalRow{ID: p.ID, Title: p.Title, Proposer: p.Proposer, FormID: "proposal-" + strconv.FormatInt(p.ID, 10)}
	if p.State == model.ProposalDeclined {
		return row
	}
	row.DeclineURL = proposalPath(gathering, p.ID, "decline")
	if p.Kind == model.ProposalLightning {
		row.UpURL, row.DownURL = proposalPath(gathering, p.ID, "up"), proposalPath(gathering, p.ID, "down")
	}
	if s := p.Session; s != nil {
		row.SessionURL = ui.SessionPath(s.ID)
		room := ""
		for _, rm := range g.Rooms {
			if s.RoomID != nil && rm.ID == *s.RoomID {
				room = rm.Name + ", "
			}
		}
		row.Where = room + s.StartsAt.In(zone).Format("Mon 2 Jan 15:04") + "–" + s.EndsAt.In(zone).Format("15:04")
	}
	return row
}

func zoneOf(name string) *time.Location {
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.UTC
}

// freeSlots are the schedule grid's free cells that have a room, as the
// place form offers them: "Small room at 15:00", valued start|room.
func freeSlots(out app.GatheringOutput) []slotGroup {
	var groups []slotGroup
	for _, day := range scheduleGrid(out) {
		g := slotGroup{Label: day.Heading}
		for _, row := range day.Rows {
			for _, c := range row.Cells {
				if len(c.Sessions) == 0 && c.Room != "" {
					g.Slots = append(g.Slots, ui.Option{Value: c.Start + "|" + c.Room, Label: row.Label + " · " + c.Room})
				}
			}
		}
		if len(g.Slots) > 0 {
			groups = append(groups, g)
		}
	}
	return groups
}

// proposalID is the path's {proposal}; 0 when it is no number, which
// the app then does not find (after checking who may ask).
func proposalID(r *http.Request) int64 {
	id, err := strconv.ParseInt(chi.URLParam(r, "proposal"), 10, 64)
	if err != nil || id < 1 {
		return 0
	}
	return id
}

// PlaceProposal places an open-space topic (POST
// /admin/gatherings/{id}/proposals/{proposal}/place: slot as
// 2027-03-27T15:00|Small room, length in minutes). A topic dropped on
// the schedule grid sends room and starts_at instead, as a session
// moved there does, and is placed for an hour, as "Add" in a free slot
// proposes.
func (h *Handler) PlaceProposal(w http.ResponseWriter, r *http.Request) {
	id, ok := h.PathID(w, r)
	if !ok || !h.ParseForm(w, r) {
		return
	}
	start, room, _ := strings.Cut(r.PostForm.Get("slot"), "|")
	minutes, _ := strconv.Atoi(r.PostForm.Get("length"))
	if !r.PostForm.Has("slot") {
		start, room, minutes = r.PostForm.Get("starts_at"), r.PostForm.Get("room"), 60
	}
	_, err := h.App.PlaceOpenSpace(r.Context(), id, proposalID(r), room, start, time.Duration(minutes)*time.Minute)
	h.afterProposal(w, r, id, "placed", err)
}

// ProposalAction is the page's other buttons (POST
// /admin/gatherings/{id}/proposals/{proposal}/{list,up,down,decline}).
func (h *Handler) ProposalAction(action string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, ok := h.PathID(w, r)
		if !ok || !h.ParseForm(w, r) {
			return
		}
		var err error
		notice := "moved"
		switch action {
		case "list":
			err, notice = h.App.ListLightning(r.Context(), id, proposalID(r)), "listed"
		case "up", "down":
			err = h.App.MoveProposal(r.Context(), id, proposalID(r), action == "up")
		case "decline":
			err, notice = h.App.DeclineProposal(r.Context(), id, proposalID(r)), "declined"
		}
		h.afterProposal(w, r, id, notice, err)
	}
}

// ProposalActions are the actions ProposalAction takes.
var ProposalActions = []string{"list", "up", "down", "decline"}

// afterProposal goes back to the page with notice, or shows it again
// with the reason an action was refused.
func (h *Handler) afterProposal(w http.ResponseWriter, r *http.Request, id int64, notice string, err error) {
	var invalid *app.ValidationError
	switch {
	case err == nil:
		http.Redirect(w, r, proposalsPath(id)+"?"+notice, http.StatusSeeOther)
	case errors.As(err, &invalid):
		v, verr := h.proposalsView(r, id)
		if verr != nil {
			h.Fail(w, r, verr)
			return
		}
		v.Problem, v.Invalid = ui.Sentence(invalid.Msg), true
		h.Render(w, r, http.StatusBadRequest, "proposals", v)
	default:
		h.Fail(w, r, err)
	}
}
