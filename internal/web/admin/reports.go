package admin

import (
	"net/http"
	"time"
)

const reportsPath = Prefix + "/reports"

// reportsView is the admins' list of abuse reports from other servers.
type reportsView struct {
	layout
	Reports []reportRow
}

type reportRow struct {
	Reporter, Account string
	Objects           []string
	Comment           string
	When, WhenISO     string
}

// reportsPage lists the latest abuse reports, newest first (GET
// /admin/reports, admins only). Comments are plain text from the
// reporter's server and are shown escaped, as text.
func (h *Handler) reportsPage(w http.ResponseWriter, r *http.Request) {
	reports, err := h.App.Reports(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := reportsView{layout: h.page(r, "Reports", "reports")}
	for _, rep := range reports {
		v.Reports = append(v.Reports, reportRow{Reporter: rep.ReporterURI, Account: "@" + rep.ActorHandle,
			Objects: rep.ObjectURIs, Comment: rep.Content,
			When: rep.ReceivedAt.UTC().Format("2 Jan 2006 15:04 UTC"), WhenISO: rep.ReceivedAt.UTC().Format(time.RFC3339)})
	}
	h.render(w, r, http.StatusOK, "reports", v)
}
