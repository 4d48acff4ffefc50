package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/store/storetest"
)

type result struct {
	code           int
	stdout, stderr string
}

// gather runs the command in-process with an empty environment plus env.
func gather(t *testing.T, ctx context.Context, stdin string, env map[string]string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(ctx, args, strings.NewReader(stdin), &out, &errOut, func(k string) string { return env[k] })
	return result{code, out.String(), errOut.String()}
}

// requireOneLine checks the failure was told in exactly one line.
func requireOneLine(t *testing.T, r result, want string) {
	t.Helper()
	require.Equal(t, 1, strings.Count(r.stderr, "\n"), "one line on stderr, got %q", r.stderr)
	require.Contains(t, r.stderr, want)
	require.NotContains(t, r.stderr, "goroutine", "no stack trace")
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

func TestUsageMistakesExit2(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for name, args := range map[string][]string{
		"unknown command":        {"launch"},
		"unknown flag":           {"serve", "--colour=blue"},
		"malformed database URL": {"migrate", "--database-url", "postgres://%zz"},
		"unknown admin command":  {"admin", "delete-everything"},
		"create-user, no name":   {"admin", "create-user", "--password-stdin"},
		"create-user, no stdin":  {"admin", "create-user", "--username", "ada"},
		"stray argument":         {"migrate", "now"},
		"--domain with --listen": {"serve", "--domain", "coop.example", "--listen", "127.0.0.1:8080"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := gather(t, ctx, "", nil, append(args, "--data-dir", t.TempDir())...)
			require.Equal(t, exitUsage, r.code, r.stderr)
			requireOneLine(t, r, "gather")
		})
	}
}

func TestEnvironmentFailuresExit1(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("data dir not writable", func(t *testing.T) {
		t.Parallel()
		file := filepath.Join(t.TempDir(), "a-file")
		require.NoError(t, os.WriteFile(file, nil, 0o600))
		r := gather(t, ctx, "", nil, "migrate", "--data-dir", filepath.Join(file, "data"))
		require.Equal(t, exitRuntime, r.code)
		requireOneLine(t, r, "data dir")
	})
	t.Run("database unreachable", func(t *testing.T) {
		t.Parallel()
		r := gather(t, ctx, "", nil, "migrate", "--database-url", "postgres://gather@127.0.0.1:1/gather?connect_timeout=2")
		require.Equal(t, exitRuntime, r.code)
		requireOneLine(t, r, "127.0.0.1")
	})
	t.Run("port in use", func(t *testing.T) {
		t.Parallel()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		defer ln.Close()
		r := gather(t, ctx, "", nil, "serve", "--listen", ln.Addr().String(), "--data-dir", t.TempDir())
		require.Equal(t, exitRuntime, r.code)
		requireOneLine(t, r, "address already in use")
	})
}

func TestVersionAndHelp(t *testing.T) {
	t.Parallel()
	r := gather(t, context.Background(), "", nil, "--version")
	require.Equal(t, exitOK, r.code)
	require.True(t, strings.HasPrefix(r.stdout, "gather "), r.stdout)

	r = gather(t, context.Background(), "", nil, "serve", "--help")
	require.Equal(t, exitOK, r.code)
	require.Contains(t, r.stdout, "-database-url")
	require.Contains(t, r.stdout, "GATHER_DATABASE_URL")
}

// databases are the configurations every end-to-end test runs on.
func databases(t *testing.T) map[string]func(t *testing.T) map[string]string {
	return map[string]func(t *testing.T) map[string]string{
		"sqlite": func(t *testing.T) map[string]string {
			return map[string]string{"GATHER_DATA_DIR": t.TempDir()}
		},
		"postgres": func(t *testing.T) map[string]string {
			return map[string]string{"GATHER_DATA_DIR": t.TempDir(), "GATHER_DATABASE_URL": storetest.PostgresURL(t)}
		},
	}
}

func TestServeAdminAndAPI(t *testing.T) {
	t.Parallel()
	for name, db := range databases(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := db(t)
			addr := freePort(t)
			env["GATHER_LISTEN"] = addr
			env["GATHER_LOG_LEVEL"] = "warn"
			base := "http://" + addr

			ctx, stop := context.WithCancel(context.Background())
			done := make(chan result, 1)
			go func() { done <- gather(t, ctx, "", env, "serve") }()
			waitReady(t, base+"/readyz", done)

			r := gather(t, context.Background(), "correct horse battery\n", env, "admin", "create-user", "--username", "Ada", "--password-stdin")
			require.Equal(t, exitOK, r.code, r.stderr)
			require.Contains(t, r.stdout, `created admin "ada"`, "the first user is an admin")

			r = gather(t, context.Background(), "correct horse battery\n", env, "admin", "create-user", "--username", "ada", "--password-stdin")
			require.Equal(t, exitUsage, r.code)
			requireOneLine(t, r, "taken")

			r = gather(t, context.Background(), "", env, "admin", "create-token", "--username", "ada")
			require.Equal(t, exitOK, r.code, r.stderr)
			token := strings.TrimSpace(r.stdout)
			require.True(t, strings.HasPrefix(token, "gather_"), token)

			require.Equal(t, http.StatusOK, apiStatus(t, base+"/api/v1/me", token))
			require.Equal(t, http.StatusUnauthorized, apiStatus(t, base+"/api/v1/me", ""))
			require.Equal(t, http.StatusUnauthorized, apiStatus(t, base+"/api/v1/me", token+"x"))
			require.Equal(t, http.StatusUnauthorized, apiStatus(t, base+"/api/v1/gatherings", ""), "unknown API paths are refused before they are looked up")

			r = gather(t, context.Background(), "", env, "admin", "create-actor", "--handle", "network", "--name", "Tech co-op network")
			require.Equal(t, exitOK, r.code, r.stderr)
			require.Equal(t, http.StatusOK, getStatus(t, base+"/@network"))

			// Organisers act for the co-op accounts granted to them: grace,
			// made when there are two, has none until an admin chooses.
			r = gather(t, context.Background(), "a long passphrase\n", env, "admin", "create-user", "--username", "grace", "--password-stdin")
			require.Equal(t, exitOK, r.code, r.stderr)
			r = gather(t, context.Background(), "", env, "admin", "create-token", "--username", "grace", "--scope", "read")
			require.Equal(t, exitOK, r.code, r.stderr)
			graceRead := strings.TrimSpace(r.stdout)
			require.JSONEq(t, `{"username":"grace","role":"organiser","scope":"read","coops":[]}`, apiGet(t, base+"/api/v1/me", graceRead))
			r = gather(t, context.Background(), "", env, "admin", "grant", "--username", "grace", "--coop", "@network")
			require.Equal(t, exitOK, r.code, r.stderr)
			require.Equal(t, "grace now organises for @network\n", r.stdout)
			r = gather(t, context.Background(), "", env, "admin", "grant", "--username", "grace", "--coop", "events")
			require.Equal(t, exitOK, r.code, r.stderr)
			require.JSONEq(t, `{"username":"grace","role":"organiser","scope":"read","coops":["events","network"]}`, apiGet(t, base+"/api/v1/me", graceRead))
			r = gather(t, context.Background(), "", env, "admin", "revoke", "--username", "grace", "--coop", "events")
			require.Equal(t, exitOK, r.code, r.stderr)
			require.Equal(t, "grace no longer organises for @events\n", r.stdout)
			require.JSONEq(t, `{"username":"grace","role":"organiser","scope":"read","coops":["network"]}`, apiGet(t, base+"/api/v1/me", graceRead))
			r = gather(t, context.Background(), "", env, "admin", "revoke", "--username", "grace", "--coop", "events")
			require.Equal(t, exitUsage, r.code)
			requireOneLine(t, r, "grace does not organise for @events")
			r = gather(t, context.Background(), "", env, "admin", "grant", "--username", "ada", "--coop", "events")
			require.Equal(t, exitUsage, r.code)
			requireOneLine(t, r, "admin")
			r = gather(t, context.Background(), "", env, "admin", "grant", "--username", "grace", "--coop", "nowhere")
			require.Equal(t, exitUsage, r.code)
			requireOneLine(t, r, "no co-op account @nowhere")
			r = gather(t, context.Background(), "", env, "admin", "create-token", "--username", "grace", "--scope", "admin")
			require.Equal(t, exitUsage, r.code)
			requireOneLine(t, r, "read or write")

			// What the command line changed is in the audit log, as its own.
			r = gather(t, context.Background(), "", env, "admin", "audit")
			require.Equal(t, exitOK, r.code, r.stderr)
			require.Contains(t, r.stdout, "command line\t@network\tmembership.grant\tgrace")
			require.Contains(t, r.stdout, "command line\t@events\tmembership.revoke\tgrace")
			require.Contains(t, r.stdout, "command line\tinstance\tuser.create\tada")
			r = gather(t, context.Background(), "", env, "admin", "report", "--coop", "events")
			require.Equal(t, exitUsage, r.code)
			requireOneLine(t, r, "--account")
			r = gather(t, context.Background(), "", env, "admin", "report", "--coop", "events", "--account", "not an account")
			require.Equal(t, exitUsage, r.code)
			requireOneLine(t, r, "neither a handle")

			r = gather(t, context.Background(), "", env, "admin", "import", "examples/gathering.json", "--publish")
			require.Equal(t, exitOK, r.code, r.stderr)
			require.Contains(t, r.stdout, `published "Tech co-op network gathering" with 11 sessions`)
			r = gather(t, context.Background(), "", env, "admin", "import", "main.go")
			require.Equal(t, exitUsage, r.code)
			requireOneLine(t, r, "main.go")
			r = gather(t, context.Background(), "", env, "admin", "import", "no-such-file.json")
			require.Equal(t, exitUsage, r.code)
			requireOneLine(t, r, "no such file")

			r = gather(t, context.Background(), "", env, "admin", "block-domain", "Spam.Example")
			require.Equal(t, exitOK, r.code, r.stderr)
			r = gather(t, context.Background(), "", env, "admin", "block-domain", "not a domain")
			require.Equal(t, exitUsage, r.code)
			requireOneLine(t, r, "not a domain name")
			r = gather(t, context.Background(), "", env, "admin", "blocked-domains")
			require.Equal(t, "spam.example\n", r.stdout)

			// The network: nothing followed yet; what cannot be followed
			// or unfollowed says why in one line.
			r = gather(t, context.Background(), "", env, "admin", "following")
			require.Equal(t, exitOK, r.code, r.stderr)
			require.Contains(t, r.stdout, "SOURCE")
			require.Equal(t, 1, strings.Count(r.stdout, "\n"), "only the header: %s", r.stdout)
			r = gather(t, context.Background(), "", env, "admin", "follow")
			require.Equal(t, exitUsage, r.code)
			requireOneLine(t, r, "needs an account")
			r = gather(t, context.Background(), "", env, "admin", "follow", "not an account")
			require.Equal(t, exitUsage, r.code)
			requireOneLine(t, r, "neither a handle")
			r = gather(t, context.Background(), "", env, "admin", "unfollow", "@coop@partner.example")
			require.NotEqual(t, exitOK, r.code)
			requireOneLine(t, r, "does not follow")

			stop()
			r = <-done
			require.Equal(t, exitOK, r.code, r.stderr)
			require.Contains(t, r.stdout, "first start", "the first start says how to create the first admin")

			// A second start finds everything in place and stays quiet.
			ctx, stop = context.WithCancel(context.Background())
			go func() { done <- gather(t, ctx, "", env, "serve") }()
			waitReady(t, base+"/readyz", done)
			stop()
			r = <-done
			require.Equal(t, exitOK, r.code, r.stderr)
			require.NotContains(t, r.stdout, "first start")
		})
	}
}

func waitReady(t *testing.T, url string, done chan result) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case r := <-done:
			t.Fatalf("server exited %d before it was ready: %s", r.code, r.stderr)
		default:
		}
		if getStatus(t, url) == http.StatusOK {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s never answered 200", url)
}

func getStatus(t *testing.T, url string) int {
	resp, err := http.Get(url)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode
}

// apiGet returns the body of a GET of the API that answered 200.
func apiGet(t *testing.T, url, token string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	return string(body)
}

func apiStatus(t *testing.T, url, token string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusUnauthorized {
		require.Contains(t, string(body), `"error"`, "401s from the API are JSON")
	}
	return resp.StatusCode
}
