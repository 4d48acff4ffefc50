package fedtest_test

import (
	"fmt"
	"go/parser"
	"go/token"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
)

// TestImports keeps fedtest usable from anywhere: besides the standard
// library it imports only the federation packages.
func TestImports(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
		require.NoError(t, err)
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			require.NoError(t, err)
			stdlib := !strings.Contains(strings.Split(path, "/")[0], ".")
			require.True(t, stdlib || strings.HasPrefix(path, "github.com/gather-coop/gather/federation"),
				"%s imports %s", file, path)
		}
	}
}

// TestManyHostsAreCheap builds what a delivery benchmark needs, 1,000
// followers spread over 200 hosts, with one shared key.
func TestManyHostsAreCheap(t *testing.T) {
	t.Parallel()
	k := key(t)
	flavors := []fedtest.Flavor{fedtest.Mastodon, fedtest.GoToSocial, fedtest.Mobilizon}
	hosts := map[string]bool{}
	followers := make([]*fedtest.Actor, 0, 1000)
	for h := range 200 {
		srv := fedtest.NewServer(t, flavors[h%len(flavors)], fedtest.WithKey(k))
		hosts[srv.Host()] = true
		for i := range 5 {
			followers = append(followers, srv.AddActor(fmt.Sprintf("user%d", i)))
		}
	}
	require.Len(t, followers, 1000)
	require.Len(t, hosts, 200)
}

func BenchmarkAddActor(b *testing.B) {
	srv := fedtest.NewServer(b, fedtest.Mastodon, fedtest.WithKey(key(b)))
	i := 0
	for b.Loop() {
		srv.AddActor("user" + strconv.Itoa(i))
		i++
	}
}

// BenchmarkDelivery is one signed POST, verified by the receiver with a
// cached key.
func BenchmarkDelivery(b *testing.B) {
	sender := fedtest.NewServer(b, fedtest.Mastodon, fedtest.WithKey(key(b)))
	receiver := fedtest.NewServer(b, fedtest.Mastodon, fedtest.WithKey(key(b)))
	alice := sender.AddActor("alice")
	bob := receiver.AddActor("bob")
	body := alice.Like(bob.ID+"/statuses/1", bob.ID)
	for b.Loop() {
		res, err := alice.Post(b.Context(), bob.SharedInbox, body)
		if err != nil || res.Status != http.StatusAccepted {
			b.Fatalf("post: %v %d", err, res.Status)
		}
	}
}
