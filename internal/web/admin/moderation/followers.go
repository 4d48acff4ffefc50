package moderation

import (
	"cmp"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

// The followers page: a co-op account's follow requests, to approve or
// reject, and its followers, newest first, a page at a time, each of whom
// can be removed. Rejecting and removing tell the follower's server, so
// each asks first; approving does not need to.

const followersPath = ui.Prefix + "/followers"

// followersView is the followers page.
type followersView struct {
	ui.Layout
	Notice string
	// Coops switch between co-op accounts; empty when there is just one.
	Coops []coopLink
	// NoCoop is set when the instance has no co-op account yet.
	NoCoop bool
	Coop   string // the co-op's handle, for the forms
	// Blocks is set when the reader may manage the instance's blocks.
	Blocks        bool
	Name          string
	Handle        string // @events@host
	Approves      bool
	Requests      []followerRow
	RequestCount  int
	MoreRequests  bool // more requests wait than are shown
	Followers     []followerRow
	FollowerCount int
	Page, Pages   int
	NewerURL      string
	OlderURL      string
}

// coopLink is one co-op account in the switcher.
type coopLink struct {
	Name    string
	URL     string
	Current bool
}

// followerRow is one follower or follow request.
type followerRow struct {
	Name       string
	Handle     string
	ProfileURL string
	URI        string // the actor id, which the forms send
	Since      string
	SinceISO   string
	Who        string // names them in buttons' accessible names
	RejectURL  string
	RemoveURL  string
	ReportURL  string
}

var followerNotices = []struct{ key, msg string }{
	{"approved", "The request is approved: they follow the co-op now."},
	{"rejected", "The request is rejected; their server is told."},
	{"removed", "They no longer follow the co-op; their server is told."},
	{"gone", "Nothing was changed: they no longer follow or wait, perhaps someone else was quicker."},
}

// followersURL is the followers page of the co-op handle, with extra
// query parameters.
func followersURL(handle string, extra ...string) string {
	q := url.Values{"coop": {handle}}
	for i := 0; i+1 < len(extra); i += 2 {
		q.Set(extra[i], extra[i+1])
	}
	return followersPath + "?" + q.Encode()
}

// FollowersPage shows a co-op's follow requests and followers (GET
// /admin/followers?coop=events&page=2).
func (h *Handler) FollowersPage(w http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), r.URL.Query()
	v := followersView{Layout: h.Page(r, "Followers", "followers")}
	coops, err := h.App.CoopAccounts(ctx)
	if err == nil {
		v.Blocks, err = h.App.MayActForInstance(ctx)
	}
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	if len(coops) == 0 {
		v.NoCoop = true
		h.Render(w, r, http.StatusOK, "followers", v)
		return
	}
	handle := cmp.Or(q.Get("coop"), coops[0].Handle)
	page, _ := strconv.Atoi(q.Get("page"))
	f, err := h.App.Followers(ctx, handle, page)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	if len(coops) > 1 {
		for _, c := range coops {
			v.Coops = append(v.Coops, coopLink{Name: c.Name, URL: followersURL(c.Handle), Current: c.Handle == f.Handle})
		}
		v.Title = "Followers of " + f.Name
	}
	for _, n := range followerNotices {
		if q.Has(n.key) {
			v.Notice = n.msg
		}
	}
	h.fillFollowers(&v, f)
	h.Render(w, r, http.StatusOK, "followers", v)
}

// fillFollowers puts a page of followers into v.
func (h *Handler) fillFollowers(v *followersView, f app.CoopFollowers) {
	v.Coop, v.Name, v.Handle, v.Approves = f.Handle, f.Name, "@"+f.Handle+"@"+h.App.URLs().Host(), f.ApprovesFollowers
	v.RequestCount, v.MoreRequests = f.RequestCount, f.RequestCount > len(f.Requests)
	v.FollowerCount, v.Page, v.Pages = f.FollowerCount, f.Page, f.Pages()
	for _, a := range f.Requests {
		row := newFollowerRow(a)
		row.RejectURL = followersPath + "/reject?" + url.Values{"coop": {f.Handle}, "actor": {a.URI}}.Encode()
		row.ReportURL = ui.ReportAccountURL(f.Handle, a.URI)
		v.Requests = append(v.Requests, row)
	}
	for _, a := range f.Followers {
		row := newFollowerRow(a)
		row.RemoveURL = followersPath + "/remove?" + url.Values{"coop": {f.Handle}, "actor": {a.URI}}.Encode()
		row.ReportURL = ui.ReportAccountURL(f.Handle, a.URI)
		v.Followers = append(v.Followers, row)
	}
	if f.Page > 1 {
		v.NewerURL = followersURL(f.Handle, "page", strconv.Itoa(min(f.Page-1, f.Pages())))
	}
	if f.Page < f.Pages() {
		v.OlderURL = followersURL(f.Handle, "page", strconv.Itoa(f.Page+1))
	}
}

func newFollowerRow(a app.Account) followerRow {
	return followerRow{Name: a.Name, Handle: a.Handle, ProfileURL: a.ProfileURL, URI: a.URI,
		Since: a.Since.UTC().Format("2 Jan 2006"), SinceISO: a.Since.UTC().Format(time.RFC3339),
		Who: cmp.Or(a.Name, a.Handle)}
}

// ApproveFollower lets a follow request through (POST
// /admin/followers/approve): harmless, and undone by removing, so it
// does not ask first.
func (h *Handler) ApproveFollower(w http.ResponseWriter, r *http.Request) {
	h.decideFollower(w, r, true, "approved")
}

// RejectFollower turns a follow request down (POST /admin/followers/reject).
func (h *Handler) RejectFollower(w http.ResponseWriter, r *http.Request) {
	h.decideFollower(w, r, false, "rejected")
}

func (h *Handler) decideFollower(w http.ResponseWriter, r *http.Request, approve bool, done string) {
	if !h.ParseForm(w, r) {
		return
	}
	coop, actor := r.PostForm.Get("coop"), r.PostForm.Get("actor")
	err := h.App.DecideFollow(r.Context(), coop, actor, approve)
	h.afterFollowerChange(w, r, coop, done, err)
}

// RemoveFollower stops someone following (POST /admin/followers/remove).
func (h *Handler) RemoveFollower(w http.ResponseWriter, r *http.Request) {
	if !h.ParseForm(w, r) {
		return
	}
	coop := r.PostForm.Get("coop")
	err := h.App.RemoveFollower(r.Context(), coop, r.PostForm.Get("actor"))
	h.afterFollowerChange(w, r, coop, "removed", err)
}

// afterFollowerChange goes back to the followers page saying what was
// done, or that there was nothing left to do.
func (h *Handler) afterFollowerChange(w http.ResponseWriter, r *http.Request, coop, done string, err error) {
	var v *app.ValidationError
	if errors.Is(err, app.ErrNotFound) || errors.As(err, &v) {
		if _, cerr := h.App.Actor(r.Context(), coop); cerr != nil {
			h.Fail(w, r, cerr) // no such co-op: a 404, not a notice
			return
		}
		done, err = "gone", nil
	}
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, followersURL(coop)+"&"+done, http.StatusSeeOther)
}

// ConfirmReject asks before rejecting a follow request (GET
// /admin/followers/reject?coop=events&actor=…).
func (h *Handler) ConfirmReject(w http.ResponseWriter, r *http.Request) {
	h.confirmFollowerChange(w, r, true)
}

// ConfirmRemove asks before removing a follower (GET
// /admin/followers/remove?coop=events&actor=…).
func (h *Handler) ConfirmRemove(w http.ResponseWriter, r *http.Request) {
	h.confirmFollowerChange(w, r, false)
}

func (h *Handler) confirmFollowerChange(w http.ResponseWriter, r *http.Request, reject bool) {
	coop, actor := r.URL.Query().Get("coop"), r.URL.Query().Get("actor")
	acc, pending, err := h.App.Follower(r.Context(), coop, actor)
	if err == nil && reject && !pending {
		err = app.ErrNotFound // approved meanwhile: nothing to reject
	}
	if err != nil {
		h.afterFollowerChange(w, r, coop, "", err)
		return
	}
	who := cmp.Or(acc.Name, acc.Handle)
	co := "@" + coop + "@" + h.App.URLs().Host()
	v := moderationConfirmView{BackURL: followersURL(coop), Danger: true,
		Hidden: []ui.Hidden{{Name: "coop", Value: coop}, {Name: "actor", Value: acc.URI}},
		Federates: "Their server receives a Reject of their Follow, so that it drops the follow too. " +
			"They are not told why, and can ask to follow again."}
	if reject {
		v.Layout = h.Page(r, "Reject the follow request of "+who+"?", "followers")
		v.Lead = acc.Handle + " will not follow " + co + "."
		v.Action, v.Submit = followersPath+"/reject", "Reject the request"
	} else {
		v.Layout = h.Page(r, "Remove "+who+" from the followers?", "followers")
		v.Lead = acc.Handle + " stops following " + co + " and no longer receives its gatherings in their timeline."
		v.Action, v.Submit = followersPath+"/remove", "Remove the follower"
	}
	v.Instead = &link{URL: blockAccountURL(acc.URI), Label: "Block " + who + " instead, so that they cannot follow again"}
	h.Render(w, r, http.StatusOK, "moderation-confirm", v)
}
