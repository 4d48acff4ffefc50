package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/respond"
)

// Reports, the audit log and hiding comments, as the admin pages offer
// them.
func (h *Handler) abuseRoutes(r chi.Router) {
	r.Get("/reports", h.listReports)
	r.Post("/reports", h.reportAccount)
	r.Post("/reports/{id}/resolve", h.resolveReport)
	r.Get("/audit", h.auditLog)
	r.Post("/gatherings/{id}/comments/{comment}/hide", h.hideComment(true))
	r.Post("/gatherings/{id}/comments/{comment}/unhide", h.hideComment(false))
}

// reportJSON is a report as the API answers it.
type reportJSON struct {
	ID int64 `json:"id"`
	// URI is the Flag's id: theirs for a report sent to us, ours for one
	// of our organisers'.
	URI         string     `json:"uri"`
	Reporter    string     `json:"reporter"`
	Coop        string     `json:"coop"`
	Target      string     `json:"target,omitempty"`
	Objects     []string   `json:"objects"`
	Comment     string     `json:"comment"`
	ReceivedAt  time.Time  `json:"received_at"`
	ResolvedAt  *time.Time `json:"resolved_at"`
	ResolvedBy  string     `json:"resolved_by,omitempty"`
	ForwardedAt *time.Time `json:"forwarded_at"`
}

func toReportJSON(r model.Report) reportJSON {
	out := reportJSON{ID: r.ID, URI: r.URI, Reporter: r.ReporterURI, Coop: r.ActorHandle, Target: r.TargetURI, Objects: r.ObjectURIs,
		Comment: r.Content, ReceivedAt: r.ReceivedAt.UTC(), ResolvedAt: r.ResolvedAt, ResolvedBy: r.ResolvedBy, ForwardedAt: r.ForwardedAt}
	if r.Local() {
		out.Reporter = r.ReporterUser
	}
	if out.Objects == nil {
		out.Objects = []string{}
	}
	return out
}

func pageParam(r *http.Request) (int, error) {
	v := r.URL.Query().Get("page")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, &respond.Error{Status: http.StatusBadRequest, Msg: "page must be a number from 1", Field: "page"}
	}
	return n, nil
}

// listReports answers GET /reports?state=open|resolved|all&page=N (admins).
func (h *Handler) listReports(w http.ResponseWriter, r *http.Request) {
	page, err := pageParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	list, err := h.App.ReportPage(r.Context(), model.ReportState(r.URL.Query().Get("state")), page)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	out := make([]reportJSON, 0, len(list.Reports))
	for _, rep := range list.Reports {
		out = append(out, toReportJSON(rep))
	}
	respond.JSON(w, http.StatusOK, map[string]any{"reports": out, "state": list.State, "page": list.Page, "more": list.More})
}

// reportAccount answers POST /reports?actor=handle: an organiser reports
// a remote account for the co-op account, and with "forward" sends it on.
func (h *Handler) reportAccount(w http.ResponseWriter, r *http.Request) {
	handle, err := h.actorParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	// Refused before the body is read: someone who may not report for
	// the account learns nothing from their mistakes.
	if err := h.App.MayReportFor(r.Context(), handle); err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	body, err := readBody(w, r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	var in struct {
		Account  string   `json:"account"`
		Statuses []string `json:"statuses"`
		Comment  string   `json:"comment"`
		Forward  bool     `json:"forward"`
	}
	if err := app.DecodeStrict(body, &in); err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	rep, err := h.App.ReportAccount(r.Context(), app.ReportInput{Coop: handle, Account: in.Account, Statuses: in.Statuses,
		Comment: in.Comment, Forward: in.Forward})
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	respond.JSON(w, http.StatusCreated, toReportJSON(rep))
}

// resolveReport answers POST /reports/{id}/resolve {"forward": bool}
// (admins).
func (h *Handler) resolveReport(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id < 1 {
		respond.JSON(w, http.StatusNotFound, map[string]string{"error": "no such report"})
		return
	}
	body, err := readBody(w, r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	var in struct {
		Forward bool `json:"forward"`
	}
	if len(strings.TrimSpace(string(body))) > 0 {
		if err := app.DecodeStrict(body, &in); err != nil {
			respond.JSONError(w, r, h.Log, err)
			return
		}
	}
	rep, err := h.App.ResolveReport(r.Context(), id, in.Forward)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	respond.JSON(w, http.StatusOK, toReportJSON(rep))
}

// auditJSON is an entry of the audit log as the API answers it.
type auditJSON struct {
	ID     int64     `json:"id"`
	At     time.Time `json:"at"`
	User   string    `json:"user"`
	Via    string    `json:"via"`
	Token  string    `json:"token,omitempty"`
	Coop   string    `json:"coop,omitempty"`
	Action string    `json:"action"`
	Target string    `json:"target"`
	Detail string    `json:"detail,omitempty"`
}

// auditLog answers GET /audit?actor=handle&page=N: admins read all of
// it, organisers what concerns their co-op accounts; ?actor= keeps one.
func (h *Handler) auditLog(w http.ResponseWriter, r *http.Request) {
	page, err := pageParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	log, err := h.App.AuditLog(r.Context(), r.URL.Query().Get("actor"), page)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	out := make([]auditJSON, 0, len(log.Entries))
	for _, e := range log.Entries {
		out = append(out, auditJSON{ID: e.ID, At: e.At.UTC(), User: e.Username, Via: e.Via, Token: e.Token, Coop: e.Coop,
			Action: e.Action, Target: e.Target, Detail: e.Detail})
	}
	respond.JSON(w, http.StatusOK, map[string]any{"entries": out, "page": log.Page, "more": log.More})
}

// hideComment answers POST /gatherings/{id}/comments/{comment}/hide and
// …/unhide with 204.
func (h *Handler) hideComment(hide bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err1 := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
		comment, err2 := strconv.ParseInt(chi.URLParam(r, "comment"), 10, 64)
		if err1 != nil || err2 != nil || id < 1 || comment < 1 {
			respond.JSON(w, http.StatusNotFound, map[string]string{"error": "no such comment"})
			return
		}
		if err := h.App.HideComment(r.Context(), id, comment, hide); err != nil {
			respond.JSONError(w, r, h.Log, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}
