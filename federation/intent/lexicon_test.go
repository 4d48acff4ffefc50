package intent

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPhraseFile checks phrases.json as a translator edits it: it parses,
// every language fills the lists that matter, and no phrase means two
// things.
func TestPhraseFile(t *testing.T) {
	t.Parallel()
	var f phraseFile
	dec := json.NewDecoder(bytes.NewReader(phrasesJSON))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&f))
	require.NotEmpty(t, f.About, "the file explains itself")
	for _, code := range []string{"en", "fr", "de", "es", "cy"} {
		require.Contains(t, f.Languages, code)
	}
	for code, lang := range f.Languages {
		t.Run(code, func(t *testing.T) {
			t.Parallel()
			require.NotEmpty(t, lang.Name)
			require.NotEmpty(t, lang.Going, "going")
			require.NotEmpty(t, lang.Maybe, "maybe")
			require.NotEmpty(t, lang.NotGoing, "not_going")
			require.NotEmpty(t, lang.Questions, "questions")
			lists := map[string][]string{
				"going": lang.Going, "maybe": lang.Maybe, "not_going": lang.NotGoing,
				"neutral": lang.Neutral, "yes": lang.Yes, "no": lang.No,
			}
			seen := map[string]string{} // folded phrase → list
			for name, list := range lists {
				for _, p := range list {
					key := foldedKey(t, p)
					prev, dup := seen[key]
					require.False(t, dup, "%q is in %s and %s", p, prev, name)
					seen[key] = name
				}
			}
			require.NotEmpty(t, lang.Standing, "standing")
			require.NotEmpty(t, lang.Withdraw, "withdraw")
			series := map[string]string{}
			for name, list := range map[string][]string{"standing": lang.Standing, "withdraw": lang.Withdraw} {
				for _, p := range list {
					key := foldedKey(t, p)
					prev, dup := series[key]
					require.False(t, dup, "%q is in %s and %s", p, prev, name)
					series[key] = name
				}
			}
			for _, list := range [][]string{lang.NegationBefore, lang.NegationAfter, lang.Contrast, lang.Questions} {
				for _, p := range list {
					foldedKey(t, p)
				}
			}
		})
	}
	for _, list := range [][]string{f.Emoji.Going, f.Emoji.Maybe, f.Emoji.NotGoing} {
		require.NotEmpty(t, list)
		for _, p := range list {
			toks, _, err := phraseTokens(p)
			require.NoError(t, err, p)
			require.Len(t, toks, 1, p)
			require.True(t, isEmojiToken(toks[0]), "%q is not one emoji", p)
		}
	}
}

// foldedKey returns a phrase as the matcher sees it, failing if it has no
// words or spans punctuation.
func foldedKey(t *testing.T, p string) string {
	t.Helper()
	toks, atEnd, err := phraseTokens(p)
	require.NoError(t, err, p)
	key := strings.Join(toks, " ")
	if atEnd {
		key += " $"
	}
	return key
}

// TestPhraseConflicts checks the merged table: a phrase that two languages
// give different meanings would be read by whichever came first.
func TestPhraseConflicts(t *testing.T) {
	t.Parallel()
	l, err := compile(phrasesJSON)
	require.NoError(t, err)
	require.Empty(t, l.conflicts)
}

func TestCompileRejects(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"unknown list":       `{"languages": {"xx": {"name": "X", "goin": ["go"]}}}`,
		"two clauses":        `{"languages": {"xx": {"name": "X", "going": ["yes, going"]}}}`,
		"no words":           `{"languages": {"xx": {"name": "X", "maybe": ["?!"]}}}`,
		"bad question":       `{"languages": {"xx": {"name": "X", "questions": ["..."]}}}`,
		"not json":           `{"languages": `,
		"wrong type of list": `{"languages": {"xx": {"name": "X", "going": "going"}}}`,
	}
	for name, data := range tests {
		_, err := compile([]byte(data))
		require.Error(t, err, name)
	}
}

func TestCompileConflict(t *testing.T) {
	t.Parallel()
	l, err := compile([]byte(`{"languages": {
		"aa": {"name": "A", "going": ["ok"]},
		"bb": {"name": "B", "not_going": ["OK"]}}}`))
	require.NoError(t, err)
	require.Equal(t, []string{`"ok" is going in aa and not_going in bb`}, l.conflicts)
}
