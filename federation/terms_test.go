package federation_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/internal/fedcheck"
)

func TestUndeclaredTerms(t *testing.T) {
	t.Parallel()
	terms := fedcheck.DeclaredTerms(t)
	bad, err := fedcheck.UndeclaredTerms(terms, []byte(`{"@context":{"x":"y"},"type":"Event","ical:status":"CONFIRMED",
		"location":{"type":"Place","geo":{"lat":1}},"tag":[{"type":"Emoji"}],"http://x.example/p":1,"zz:top":2}`))
	require.NoError(t, err)
	require.Equal(t, []string{"$.http://x.example/p", "$.location.geo", "$.location.geo.lat", "$.tag[].type=Emoji", "$.zz:top"}, bad)
}
