package federation_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestImports keeps federation a library: it imports nothing of Gather's
// internal or cmd trees, webfinger imports only the standard library, and
// remoteevent only federation and its HTML sanitiser.
func TestImports(t *testing.T) {
	t.Parallel()
	const module = "github.com/gather-coop/gather/"
	tests := []struct {
		dir         string
		stdlibOnly  bool
		allowPrefix []string
	}{
		{dir: ".", allowPrefix: []string{"github.com/go-fed/activity/streams"}},
		{dir: "webfinger", stdlibOnly: true},
		{dir: "remoteevent", allowPrefix: []string{"github.com/microcosm-cc/bluemonday"}},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			t.Parallel()
			files, err := filepath.Glob(filepath.Join(tt.dir, "*.go"))
			require.NoError(t, err)
			require.NotEmpty(t, files)
			for _, file := range files {
				if strings.HasSuffix(file, "_test.go") {
					continue
				}
				f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
				require.NoError(t, err)
				for _, imp := range f.Imports {
					path, err := strconv.Unquote(imp.Path.Value)
					require.NoError(t, err)
					require.False(t, strings.HasPrefix(path, module+"internal") || strings.HasPrefix(path, module+"cmd"),
						"%s imports %s", file, path)
					if !strings.Contains(strings.Split(path, "/")[0], ".") {
						continue // standard library
					}
					allowed := !tt.stdlibOnly && strings.HasPrefix(path, module+"federation")
					for _, p := range tt.allowPrefix {
						allowed = allowed || strings.HasPrefix(path, p)
					}
					require.True(t, allowed, "%s imports %s", file, path)
				}
			}
		})
	}
}
