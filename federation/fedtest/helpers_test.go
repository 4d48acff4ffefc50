package fedtest_test

import (
	"context"
	"crypto/rsa"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/httpsig"
)

// wait is how long tests wait for something that should happen at once.
// Generous: under -race on two loaded cores, making two servers and their
// keys and one verified POST took over 13 s in CI.
const wait = 60 * time.Second

// sharedKey is one key for the tests that don't care whose key signs, so
// that they don't each spend 100ms generating one.
var sharedKey = sync.OnceValues(httpsig.GenerateKey)

func key(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	k, err := sharedKey()
	require.NoError(t, err)
	return k
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), wait)
	t.Cleanup(cancel)
	return ctx
}

// fakeTB stands in for a test whose failure we want to observe: Fatalf
// records the message and ends the calling goroutine, as testing.T does.
type fakeTB struct {
	testing.TB
	mu  sync.Mutex
	msg string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.mu.Lock()
	f.msg = fmt.Sprintf(format, args...)
	f.mu.Unlock()
	runtime.Goexit()
}

// failure runs fn with a fakeTB on its own goroutine and returns the
// message it failed with ("" if it did not fail).
func failure(fn func(tb testing.TB)) string {
	f := &fakeTB{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.msg
}
