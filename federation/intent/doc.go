// Package intent reads whether a reply to an event means "going", "maybe"
// or "not going", and which session of a gathering it names. People RSVP by replying from Mastodon and friends; the
// reply arrives as a Note's HTML content, or, for a poll vote, as a Note's
// name. [Read] takes the HTML, [ReadText] plain text, [PlainText] turns the
// one into the other. The package does no I/O and imports nothing of
// Gather's.
//
// # How it decides
//
//  1. Text. [PlainText] drops mentions, links, bare URLs, hashtags and
//     quotations, and decodes character references.
//  2. Folding. Lower case; compatibility forms folded (NFKD); accents and
//     other combining marks dropped, so "peut etre" is "peut-être" and
//     "siwr" is "siŵr"; curly and look-alike apostrophes straightened; ß
//     is ss.
//  3. Cutting. Sentences end at . ! ? ; … and line breaks; clauses are cut
//     by commas, colons, brackets, quotation marks, dashes and ¿ ¡. Tokens
//     are words (an apostrophe inside a word is dropped: "can't" and "cant"
//     are one token; a hyphen cuts: "peut-être" is two) and single emoji.
//  4. Questions are nothing. The last clause of a sentence that ends in
//     "?", a clause opened by "¿", and a clause that starts with a question
//     word of any language ("who's", "is anyone", "est-ce que", "gibt es",
//     "alguien", "pwy"…) are ignored. So "Is anyone going?" and "Will there
//     be food?" say nothing, while in "Going! Any parking?" and "Going, any
//     parking?" the statement stands.
//  5. Phrases. Each remaining clause is read from left to right; at each
//     word the longest phrase of phrases.json that starts there wins, all
//     languages at once. Phrases match whole words only ("no" is not in
//     "know" or "nothing") and never across punctuation. The longest match
//     is what keeps idioms whole: "can't wait" is going, "no problem" and
//     "no doubt" are neutral, "maybe next time" is not going, "not going to
//     miss it" is going.
//  6. Negation. A negation ("not", "never", "no longer", "ne", "nicht",
//     "no", "ddim"…) or a not-going phrase ("can't", "kann nicht") turns
//     every going phrase after it in the same clause into not going, up to
//     a contrast word ("but", "mais", "aber", "pero", "ond"): "not going",
//     "won't be there", "can't come as I'm going to Paris" are not going;
//     "can't drive but I'll be there" is going. A negation just after a
//     going phrase ("komme nicht", "j'y serai pas") turns that phrase into
//     not going, and reaches the going phrases after it as well.
//     Uncertainty is a phrase of its own ("not sure", "pas sûr", "nicht
//     sicher", "ddim yn siŵr"), so it is never read as a negation.
//  7. Answer words ("yes", "no", "oui", "non", "ja", "nein", "sí", "ie",
//     "na"…) count only when they open the reply (no more than one word
//     before them: "Oh yes!") or stand alone in their clause ("Thanks,
//     yes!"): "Yes, count me in" and "No sorry" count, "no parking" does
//     not.
//  8. A sentence's verdict: Maybe if it hedges anywhere ("not sure I'm
//     going", "I'll come if I can"), else its last intent.
//  9. The reply's verdict: the last sentence with a verdict wins ("I'm
//     going. Actually, can't make it." is not going; "Can't make it... oh
//     wait, yes I can come!" is going).
//  10. Emoji are a fallback: 👍 ✅ ✔️ 🙋 mean going, 🤔 🤷 🤞 maybe, ❌ 👎 🚫
//     not going, and count only when no words do ("👍" is going; "can't
//     make it 👍" is not going). 🎉 is not an answer: people send it to
//     cheer an announcement.
//
// Poll option names read the same way: "Going", "Maybe", "Can't go".
//
// # A series as a whole
//
// [ReadStanding] reads, apart from Read, what a reply to one occurrence
// of a series says about every one: [AllOfThem] ("I'll come to all of
// them", "every month", "je viendrai à toutes", "ich komme zu allen",
// "iré a todas", "dof i bob un") or [NoMore] ("not any more", "stop",
// "plus maintenant", "nicht mehr", "ya no", "dim mwy"), from the standing
// and withdraw lists of phrases.json, in their own table so that Read's
// verdict on the same reply does not change. Questions say nothing, the
// last phrase wins, and a standing phrase after a negation in its clause,
// or in a reply that reads not going or maybe, does not count.
//
// # Which session
//
// [NameSession] reads, apart from Read, which of a gathering's sessions a
// reply names ("I'll go to the pricing workshop", "put me down for big
// tech"): one clearly, several (the caller asks which), or none (the
// answer is the gathering's). Its rules are in session.go; it sets aside
// the words of the reply's going, maybe and not-going phrases, so that
// Read and NameSession never read one word two ways.
//
// # Adding a language
//
// The words live in phrases.json, embedded in the binary: per language a
// block of lists (going, maybe, not_going, yes, no, neutral,
// negation_before, negation_after, contrast, questions, standing,
// withdraw). Its "about" field
// says what each list does. To add a language, copy a block under its ISO
// 639-1 code, fill the lists, and add at least twenty real-looking
// replies in that language to the table in read_test.go; the tests check
// that the file parses, that every language has all three intents, and
// that no phrase carries two meanings.
package intent
