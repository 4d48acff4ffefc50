package doctor_test

import (
	"context"
	"crypto/x509"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/internal/doctor"
	"github.com/gather-coop/gather/internal/server"
	"github.com/gather-coop/gather/internal/server/servertest"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/storetest"
)

type fixture struct {
	inst *server.Instance
	src  doctor.Source
	opts doctor.Options
}

type setup struct {
	// rewriteHost makes the proxy send the backend's address as Host, as
	// a proxy left at its defaults does, instead of the one asked for.
	rewriteHost bool
	// noJobs leaves the queue unworked, as when gather serve is down.
	noJobs bool
	// baseURL, if set, is the base URL the instance is given instead of
	// the proxy's.
	baseURL string
}

// start runs an instance on plain HTTP behind an HTTPS reverse proxy on
// loopback, whose address is the base URL, as in a proxy setup.
func start(t *testing.T, db string, s setup) fixture {
	t.Helper()
	cfg, err := config.Load(nil, func(string) string { return "" })
	require.NoError(t, err)
	cfg.DataDir = t.TempDir()
	cfg.ClockPeer = "" // no internet in tests: the clock tests name their own peer
	if db == "postgres" {
		cfg.DatabaseURL = storetest.PostgresURL(t)
	}
	cfg.AllowPrivateAddresses = true
	cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	roots := x509.NewCertPool()
	cfg.RootCAs = roots

	backend := httptest.NewUnstartedServer(nil)
	backendURL := &url.URL{Scheme: "http", Host: backend.Listener.Addr().String()}
	front := httptest.NewUnstartedServer(&httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(backendURL)
		if !s.rewriteHost {
			r.Out.Host = r.In.Host
		}
		r.SetXForwarded()
	}})
	cfg.BaseURL = "https://" + front.Listener.Addr().String()
	if s.baseURL != "" {
		cfg.BaseURL = s.baseURL
	}
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	inst, err := server.Open(ctx, cfg, log, "test")
	require.NoError(t, err)
	_, err = inst.App.Setup(ctx, cfg.CoopHandle, "Co-op events")
	require.NoError(t, err)
	if !s.noJobs {
		require.NoError(t, inst.StartJobs(ctx))
	}
	backend.Config.Handler = inst.Handler()
	backend.Start()
	front.StartTLS()
	roots.AddCert(front.Certificate())
	t.Cleanup(func() {
		front.Close()
		backend.Close()
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = inst.Store.JobsStop(stopCtx)
		_ = inst.Close()
	})
	src, opts := inst.Doctor()
	return fixture{inst: inst, src: src, opts: opts}
}

// run runs the doctor and returns its results by check, logging its lines.
func run(t *testing.T, f fixture, adjust ...func(*doctor.Options)) ([]doctor.Result, map[string]doctor.Result) {
	t.Helper()
	opts := f.opts
	for _, a := range adjust {
		a(&opts)
	}
	results := doctor.Run(context.Background(), f.src, nil, opts)
	by := map[string]doctor.Result{}
	for _, r := range results {
		t.Log(r.String())
		by[r.Check] = r
	}
	require.Len(t, by, len(results), "each check has its own name")
	return results, by
}

// clockPeer is a server whose Date is the real time plus skew.
func clockPeer(t *testing.T, skew time.Duration) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Date", time.Now().Add(skew).UTC().Format(http.TimeFormat))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestHealthyInstancePasses(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			f := start(t, db, setup{})
			results, _ := run(t, f, func(o *doctor.Options) { o.ClockPeer = clockPeer(t, 0) })
			for _, r := range results {
				require.Equal(t, doctor.OK, r.Status, r.String())
			}
			require.False(t, doctor.Failed(results))

			// The signed test request verified and was refused before
			// anything was kept: no activity, not even our own actor
			// as a stranger.
			ctx := context.Background()
			n, err := f.inst.Store.InboxActivityCount(ctx)
			require.NoError(t, err)
			require.Zero(t, n)
			_, err = f.inst.Store.RemoteActorGetByKeyID(ctx, f.opts.BaseURL+"/actor#main-key")
			require.ErrorIs(t, err, store.ErrNotFound)
		})
	}
}

func TestWrongBaseURLFails(t *testing.T) {
	t.Parallel()
	// Another server holds the address: it has a valid certificate but
	// is not this Gather.
	other := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(other.Close)
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			f := start(t, db, setup{baseURL: other.URL})
			results, by := run(t, f, func(o *doctor.Options) { o.RootCAs.AddCert(other.Certificate()) })
			require.True(t, doctor.Failed(results))
			require.Equal(t, doctor.OK, by["base URL"].Status, "the address itself answers with a valid certificate")
			for _, check := range []string{"webfinger", "actor", "inbox", "signature"} {
				require.Equal(t, doctor.Fail, by[check].Status, by[check].String())
			}
			require.Contains(t, by["webfinger"].String(), "answers 404")
			require.Contains(t, by["webfinger"].String(), "fix: the proxy must pass every path to Gather")
		})
	}
}

func TestUnknownHostFails(t *testing.T) {
	t.Parallel()
	f := start(t, "sqlite", setup{baseURL: "https://gather-doctor.invalid"})
	results, by := run(t, f, func(o *doctor.Options) { o.Timeout = 5 * time.Second })
	require.True(t, doctor.Failed(results))
	line := by["base URL"].String()
	require.Equal(t, doctor.Fail, by["base URL"].Status, line)
	require.Contains(t, line, "gather-doctor.invalid does not resolve")
	require.Contains(t, line, "fix: give gather-doctor.invalid a DNS A")
}

func TestStuckJobFails(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			f := start(t, db, setup{noJobs: true})
			_, by := run(t, f)
			require.Equal(t, doctor.OK, by["queue"].Status, "an empty queue is fine")

			ctx := context.Background()
			require.NoError(t, f.inst.Store.InTx(ctx, func(tx store.Tx) error {
				return tx.Enqueue(ctx, app.ProcessInboxArgs{ID: 1}, &river.InsertOpts{ScheduledAt: time.Now().Add(-time.Hour)})
			}))
			results, by := run(t, f)
			require.True(t, doctor.Failed(results))
			line := by["queue"].String()
			require.Equal(t, doctor.Fail, by["queue"].Status, line)
			require.Contains(t, line, "has not been worked")
			require.Contains(t, line, "fix: check gather serve is running")
			for _, r := range results {
				if r.Check != "queue" {
					require.NotEqual(t, doctor.Fail, r.Status, "only the queue fails: %s", r)
				}
			}
		})
	}
}

func TestUnwritableDataDirFails(t *testing.T) {
	t.Parallel()
	f := start(t, "sqlite", setup{})
	// A file where the folder should be: root, who runs CI, may write
	// anywhere else.
	file := filepath.Join(t.TempDir(), "data")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	for _, dir := range []string{file, filepath.Join(file, "below")} {
		results, by := run(t, f, func(o *doctor.Options) { o.DataDir = dir })
		require.True(t, doctor.Failed(results))
		line := by["data dir"].String()
		require.Equal(t, doctor.Fail, by["data dir"].Status, line)
		require.Contains(t, line, dir)
		require.Contains(t, line, "fix: give the user gather runs as a folder it can write")
	}
}

func TestProxyRewritingHostFailsTheSignature(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			f := start(t, db, setup{rewriteHost: true})
			results, by := run(t, f)
			require.True(t, doctor.Failed(results))
			require.Equal(t, doctor.OK, by["actor"].Status, "pages still answer")
			line := by["signature"].String()
			require.Equal(t, doctor.Fail, by["signature"].Status, line)
			require.Contains(t, line, "proxy_set_header Host $host")
		})
	}
}

func TestClockOffByMinutesFails(t *testing.T) {
	t.Parallel()
	f := start(t, "sqlite", setup{})
	// The peer's Date has whole seconds: ours is 4m59s to 5m1s off.
	for skew, want := range map[time.Duration]string{5 * time.Minute: "behind", -5 * time.Minute: "ahead of"} {
		results, by := run(t, f, func(o *doctor.Options) { o.ClockPeer = clockPeer(t, skew) })
		require.True(t, doctor.Failed(results))
		line := by["clock"].String()
		require.Equal(t, doctor.Fail, by["clock"].Status, line)
		require.Regexp(t, `this clock is (4m59s|5m0s|5m1s) `+want, line)
		require.Contains(t, line, "fix: turn on time synchronisation")
	}
	_, by := run(t, f)
	require.Equal(t, doctor.Skip, by["clock"].Status, "no peer, no check")
}
