package instance

import (
	"context"
	"net/http"
	"time"

	"github.com/gather-coop/gather/internal/doctor"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

// DoctorPath is the doctor's page.
const DoctorPath = ui.Prefix + "/doctor"

// The doctor's page waits for its checks: each network check gets
// doctorCheckTimeout (the base URL's, a DNS lookup then a TLS dial, up to
// twice that), and they run at once, so the page answers within
// doctorDeadline even when the network does not.
const (
	doctorCheckTimeout = 2 * time.Second
	doctorDeadline     = 5 * time.Second
)

type doctorView struct {
	ui.Layout
	Rows   []doctorRow
	Failed bool
	// Failures and Warnings count the rows that say so.
	Failures, Warnings int
}

type doctorRow struct {
	Check, Status, Class, Msg, Fix string
}

// DoctorPage runs the doctor's checks and shows one row each (GET
// /admin/doctor). Admins only: the rows name the data dir, the database's
// schema and the hosts deliveries fail to reach.
func (h *Handler) DoctorPage(w http.ResponseWriter, r *http.Request) {
	if h.doctor == nil {
		h.Fail(w, r, ui.ErrNotFound)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), doctorDeadline)
	defer cancel()
	src, opts := h.doctor()
	opts.Timeout = doctorCheckTimeout
	results := doctor.Run(ctx, src, nil, opts)
	v := doctorView{Layout: h.Page(r, "Doctor", "settings"), Failed: doctor.Failed(results)}
	for _, res := range results {
		row := doctorRow{Check: res.Check, Msg: res.Msg}
		switch res.Status {
		case doctor.OK:
			row.Status, row.Class = "Passed", "status-ok"
		case doctor.Warn:
			row.Status, row.Class, row.Fix = "Warning", "status-warn", res.Fix
			v.Warnings++
		case doctor.Fail:
			row.Status, row.Class, row.Fix = "Failed", "status-fail", res.Fix
			v.Failures++
		default:
			row.Status, row.Class = "Skipped", "status-skip"
		}
		v.Rows = append(v.Rows, row)
	}
	h.Render(w, r, http.StatusOK, "doctor", v)
}
