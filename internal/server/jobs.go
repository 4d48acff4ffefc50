package server

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// jobsClientFile, in the data dir, holds the River client id of the last
// run that started working jobs with that data dir. A node that starts
// again after a crash takes back at once what that run left running,
// instead of waiting for River's rescuer to call it stuck.
const jobsClientFile = "jobs-client-id"

// newJobsClientID names one run of this process: the host and a random
// part, so two runs never share a name, even on one host.
func newJobsClientID() string {
	host, _ := os.Hostname()
	host = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '_'
	}, host)
	if len(host) > 60 {
		host = host[:60]
	}
	if host == "" {
		host = "unknown_host"
	}
	return "gather_" + host + "_" + strings.ToLower(rand.Text()[:10])
}

// StartJobs starts working jobs, and schedules the "my day" notes of the
// coming gatherings that have none (published before the version that
// sends them). First it takes back the jobs that this
// data dir's previous run left running (it was killed, or lost power):
// they are available again at once, and are sent again, so a receiver may
// get one of them twice. Then it records this run's name for the next.
//
// Several nodes sharing a database must each have their own data dir;
// nodes that share one would take back each other's running jobs when one
// restarts, which costs duplicates, not losses.
func (i *Instance) StartJobs(ctx context.Context) error {
	path := filepath.Join(i.Config.DataDir, jobsClientFile)
	prev, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		i.log.Warn("cannot read the previous run's name: its running jobs wait for River's rescuer",
			slog.String("file", path), slog.Any("error", err))
	default:
		if id := strings.TrimSpace(string(prev)); id != "" && id != i.jobsID {
			n, err := i.Store.JobsRescue(ctx, id)
			if err != nil {
				return fmt.Errorf("take back the jobs of the previous run: %w", err)
			}
			if n > 0 {
				i.log.Info("took back the jobs the previous run left running", slog.String("previous", id), slog.Int("jobs", n))
			}
		}
	}
	if err := writeFileAtomic(path, []byte(i.jobsID+"\n")); err != nil {
		i.log.Warn("cannot record this run's name: after a crash its running jobs wait for River's rescuer",
			slog.String("file", path), slog.Any("error", err))
	}
	if err := i.Store.JobsStart(ctx); err != nil {
		return err
	}
	// Not fatal: the days of a gathering are scheduled again whenever it
	// changes.
	if err := i.App.ScheduleComingMyDays(ctx); err != nil {
		i.log.Warn("cannot schedule the coming days' my day notes", slog.Any("error", err))
	}
	return nil
}

func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".jobs-client-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
	return err
}
