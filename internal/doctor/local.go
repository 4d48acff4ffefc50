package doctor

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

func (d *doctor) dataDir() Result {
	r := Result{Check: "data dir"}
	dir := d.opts.DataDir
	fix := fmt.Sprintf("give the user gather runs as a folder it can write, e.g. chown -R gather: %s (or set --data-dir)", dir)
	st, err := os.Stat(dir)
	if err != nil {
		r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("%s: %v", dir, unwrapPathError(err)), fix
		return r
	}
	if !st.IsDir() {
		r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("%s is not a folder", dir), fix
		return r
	}
	f, err := os.CreateTemp(dir, ".doctor-*")
	if err == nil {
		_, err = f.Write([]byte("gather doctor\n"))
		if err == nil {
			err = f.Sync()
		}
		_ = f.Close()
		_ = os.Remove(f.Name())
	}
	if err != nil {
		r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("cannot write in %s: %v", dir, unwrapPathError(err)), fix
		return r
	}
	free, err := freeBytes(dir)
	if err != nil {
		r.Msg = fmt.Sprintf("%s is writable (free space unknown: %v)", dir, err)
		return r
	}
	r.Msg = fmt.Sprintf("%s is writable, %s free", dir, bytesText(free))
	switch {
	case free < d.opts.MinFree:
		r.Status, r.Fix = Fail, "free some space: the database stops taking writes when the disk is full"
	case free < d.opts.LowFree:
		r.Status, r.Fix = Warn, "free some space soon: the database and uploads grow"
	}
	return r
}

func bytesText(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	default:
		return fmt.Sprintf("%d MiB", n>>20)
	}
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (d *doctor) schema(ctx context.Context) Result {
	r := Result{Check: "schema"}
	if res, ok := d.noDatabase(r.Check); ok {
		return res
	}
	applied, latest, err := d.src.Schema(ctx)
	switch {
	case err != nil:
		r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("cannot read the schema version: %v", err), "check the database is up"
	case applied < latest:
		r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("the database is at version %d, this gather expects %d", applied, latest),
			"run gather migrate, or restart gather serve, which migrates at start"
	case applied > latest:
		r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("the database is at version %d, newer than this gather knows (%d)", applied, latest),
			"run the doctor of the gather that serves, or upgrade this one"
	default:
		r.Msg = fmt.Sprintf("the database is at version %d, the current one", applied)
	}
	return r
}

func (d *doctor) queue(ctx context.Context) Result {
	r := Result{Check: "queue"}
	if res, ok := d.noDatabase(r.Check); ok {
		return res
	}
	due, waiting, err := d.src.OldestDueJob(ctx)
	if err != nil {
		r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("cannot read the job queue: %v", err), "check the database is up"
		return r
	}
	if !waiting {
		r.Msg = "no job is waiting"
		return r
	}
	age := d.opts.Now().Sub(due).Round(time.Second)
	if age > d.opts.StuckAfter {
		r.Status = Fail
		r.Msg = fmt.Sprintf("a job due since %s (%s ago) has not been worked", due.UTC().Format(time.RFC3339), age)
		r.Fix = "check gather serve is running: it works the jobs, and its log says why they stall"
		return r
	}
	r.Msg = fmt.Sprintf("the longest-waiting job was due %s ago", age.Abs())
	return r
}

// failingShown is how many failing hosts the delivery line names.
const failingShown = 5

func (d *doctor) delivery(ctx context.Context) Result {
	r := Result{Check: "delivery"}
	if res, ok := d.noDatabase(r.Check); ok {
		return res
	}
	failing, err := d.src.FailingHosts(ctx, failingShown+1)
	if err == nil && len(failing) == 0 {
		r.Msg = "no server is refusing or missing our deliveries"
		return r
	}
	var delivered int
	if err == nil {
		delivered, err = d.src.HostsDeliveredSince(ctx, d.opts.Now().Add(-24*time.Hour))
	}
	if err != nil {
		r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("cannot read how deliveries go: %v", err), "check the database is up"
		return r
	}
	var names []string
	for i, h := range failing {
		if i == failingShown {
			names = append(names, "and more")
			break
		}
		state := "failing"
		if h.Unreachable {
			state = "paused"
		}
		names = append(names, fmt.Sprintf("%s (%s since %s)", h.Host, state, h.FailingSince.UTC().Format("2006-01-02 15:04")))
	}
	list := strings.Join(names, ", ")
	if delivered == 0 && len(failing) >= 2 {
		r.Status = Fail
		r.Msg = "no server took a delivery in the last day, and these fail: " + list
		r.Fix = "check this server can make outgoing HTTPS requests (firewall, DNS resolver, IPv6 route); the log of gather serve names the errors"
		return r
	}
	r.Status = Warn
	r.Msg = fmt.Sprintf("%d servers took deliveries in the last day; these fail: %s", delivered, list)
	r.Fix = "nothing here unless one matters to you: deliveries are retried for a week, then paused until that server writes to us"
	return r
}
