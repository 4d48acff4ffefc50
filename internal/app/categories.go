package app

import "sort"

// Categories returns the category ids a gathering may have (Mobilizon's,
// such as MEETING or LEARNING), sorted, for forms to offer.
func Categories() []string {
	out := make([]string, 0, len(categories))
	for c := range categories {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}
