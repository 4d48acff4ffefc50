package intent_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestImports keeps intent a leaf: the standard library and two
// golang.org/x packages, nothing of Gather's.
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
			allowed := stdlib || strings.HasPrefix(path, "golang.org/x/net/html") ||
				strings.HasPrefix(path, "golang.org/x/text/")
			require.True(t, allowed, "%s imports %s", file, path)
		}
	}
}
