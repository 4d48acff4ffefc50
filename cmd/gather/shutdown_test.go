package main

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
)

// TestSIGTERMDuringAJobLosesNothing runs the real binary: a delivery is in
// flight to a server that does not answer when SIGTERM arrives. The process
// exits 0 within the 30 s grace, and after a restart the delivery is made.
func TestSIGTERMDuringAJobLosesNothing(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "gather")
	build := exec.Command("go", "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))

	addr := freePort(t)
	base := "http://" + addr
	env := append(os.Environ(),
		"GATHER_LISTEN="+addr, "GATHER_BASE_URL="+base, "GATHER_DATA_DIR="+t.TempDir(),
		"GATHER_ALLOW_PRIVATE_ADDRESSES=true", "GATHER_ALLOW_HTTP=true", "GATHER_LOG_FORMAT=text")
	start := func() (*exec.Cmd, *strings.Builder) {
		cmd := exec.Command(bin)
		cmd.Env = env
		var logs strings.Builder
		cmd.Stdout, cmd.Stderr = &logs, &logs
		require.NoError(t, cmd.Start())
		t.Cleanup(func() { _ = cmd.Process.Kill() })
		waitUp(t, base+"/readyz")
		return cmd, &logs
	}

	remote := fedtest.NewServer(t, fedtest.Mastodon)
	alice := remote.AddActor("alice")
	remote.Hang()

	cmd, logs := start()
	sent, err := alice.Follow(context.Background(), base+"/actors/events", base+"/inbox")
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, sent.Status)
	remote.WaitForInboxHits(t, 1, 30*time.Second) // the Accept is on its way, and stuck

	stopped := time.Now()
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	err = cmd.Wait()
	require.NoError(t, err, "exit status 0; logs:\n%s", logs)
	require.Less(t, time.Since(stopped), 30*time.Second, "gone within the grace period")

	remote.Release()
	cmd, logs = start()
	accept := remote.WaitForDelivery(t, func(d fedtest.Delivery) bool {
		return d.Activity.Type == "Accept" && d.Status == http.StatusAccepted
	}, 60*time.Second)
	require.True(t, accept.Verified, "logs:\n%s", logs)
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	require.NoError(t, cmd.Wait())
}

func waitUp(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for getStatus(t, url) != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatalf("%s never answered 200", url)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
