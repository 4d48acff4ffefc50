package server

import (
	"context"
	"crypto/rsa"
	"fmt"
	"time"

	"github.com/gather-coop/gather/federation/httpsig"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/internal/doctor"
)

// Doctor returns what the doctor's checks read from this instance, and
// DoctorOptions for its configuration.
func (i *Instance) Doctor() (doctor.Source, doctor.Options) {
	return doctorSource{i}, DoctorOptions(i.Config)
}

// DoctorOptions are the doctor's options for an instance configured with
// cfg, which need not open: the co-op account's WebFinger and actor, the
// shared inbox, the data dir, the clock peer.
func DoctorOptions(cfg config.Config) doctor.Options {
	urls := app.URLs{Base: cfg.BaseURL}
	handle := cfg.CoopHandle
	return doctor.Options{
		BaseURL:  cfg.BaseURL,
		Account:  "acct:" + handle + "@" + urls.Host(),
		ActorURL: urls.Actor(handle),
		InboxURL: urls.SharedInbox(),
		// Signed by the instance actor, naming the co-op's.
		ProbeActor: urls.Actor(handle),
		AllowHTTP:  cfg.AllowHTTP,
		DataDir:    cfg.DataDir,
		RootCAs:    cfg.RootCAs,
		ClockPeer:  cfg.ClockPeer,
	}
}

type doctorSource struct{ i *Instance }

func (s doctorSource) Schema(ctx context.Context) (int, int, error) {
	st, err := s.i.Store.SchemaStatus(ctx)
	return st.Applied, st.Latest, err
}

func (s doctorSource) OldestDueJob(ctx context.Context) (time.Time, bool, error) {
	return s.i.Store.JobsOldestAvailable(ctx)
}

func (s doctorSource) FailingHosts(ctx context.Context, limit int) ([]doctor.FailingHost, error) {
	hosts, err := s.i.Store.HostListFailing(ctx, limit)
	if err != nil {
		return nil, err
	}
	out := make([]doctor.FailingHost, 0, len(hosts))
	for _, h := range hosts {
		f := doctor.FailingHost{Host: h.Host, Unreachable: h.Unreachable}
		if h.FailingSince != nil {
			f.FailingSince = *h.FailingSince
		}
		out = append(out, f)
	}
	return out, nil
}

func (s doctorSource) HostsDeliveredSince(ctx context.Context, since time.Time) (int, error) {
	return s.i.Store.HostCountSucceededSince(ctx, since)
}

// Signer is the instance actor's key: the one that signs our fetches, so
// a test request signed with it is one more such request.
func (s doctorSource) Signer(ctx context.Context) (string, *rsa.PrivateKey, error) {
	actor, err := s.i.Store.ActorGetByHandle(ctx, app.InstanceHandle)
	if err != nil {
		return "", nil, fmt.Errorf("instance actor: %w", err)
	}
	key, err := httpsig.ParsePrivateKeyPEM(actor.PrivateKeyPEM)
	if err != nil {
		return "", nil, fmt.Errorf("instance actor's key: %w", err)
	}
	return s.i.App.URLs().KeyIDOf(app.InstanceHandle), key, nil
}
