package content

// Field describes one front-matter field as writers meet it: its kind of
// value, whether a page needs it, and a label and a hint in each language
// of the interface. "fanfare new" (package scaffold) writes the English
// hints beside the fields of a new story or symbol; the CMS configuration
// (package cms) takes labels, hints, widgets and rules from here, so that
// both say what the decoder of this package accepts.
type Field struct {
	Key      string
	Kinds    []Kind // the kinds of pages that have it
	Type     FieldType
	Required bool
	// Text is the field's label and hint by language code; "en" is
	// always there, and stands in for a language without its own.
	Text map[string]FieldText
}

// FieldText is a field's label and a one-line hint, in one language.
type FieldText struct{ Label, Hint string }

// FieldType says what kind of value a field holds.
type FieldType string

// The types of front-matter values.
const (
	TypeText     FieldType = "text"     // one line
	TypeLongText FieldType = "longtext" // a sentence or two
	TypeDate     FieldType = "date"     // year-month-day, see DatePattern
	TypeBool     FieldType = "bool"
	TypeScore    FieldType = "score"   // a whole number from MinScore to MaxScore
	TypeList     FieldType = "list"    // free labels
	TypeStage    FieldType = "stage"   // one of the configured stages
	TypeSymbols  FieldType = "symbols" // names of symbol pages
	TypeQuote    FieldType = "quote"   // text, author, role; text required
	TypeMetrics  FieldType = "metrics" // a list of label and value, both required
	TypeImage    FieldType = "image"   // a picture beside the page, or in static/
)

// Scores run from MinScore to MaxScore (see the decoder's score).
const (
	MinScore = 0
	MaxScore = 10
)

// DatePattern is the date form tools should write: year-month-day. The
// decoder reads more forms (see ParseDate); this one it always reads.
const DatePattern = `^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$`

// The keys of a quote and of a metric.
var (
	QuoteKeys  = []string{"text", "author", "role"}
	MetricKeys = []string{"label", "value"}
)

var (
	storyOnly   = []Kind{KindStory}
	symbolOnly  = []Kind{KindSymbol}
	storySymbol = []Kind{KindStory, KindSymbol}
	allKinds    = []Kind{KindStory, KindSymbol, KindPage}
)

// Fields are the fields writers fill in, in the order "fanfare new"
// writes them. Fields Fanfare reads for Hugo's sake (slug, aliases,
// weight, lastmod, translationkey) are not listed.
var Fields = []Field{
	{Key: "title", Kinds: allKinds, Type: TypeText, Required: true, Text: map[string]FieldText{
		"en": {"Title", "required: the headline"},
		"nl": {"Titel", "verplicht: de kop"}}},
	{Key: "summary", Kinds: allKinds, Type: TypeLongText, Text: map[string]FieldText{
		"en": {"Summary", "one or two sentences for lists, search engines and feeds"},
		"nl": {"Samenvatting", "een of twee zinnen voor lijsten, zoekmachines en feeds"}}},
	{Key: "description", Kinds: []Kind{KindPage}, Type: TypeLongText, Text: map[string]FieldText{
		"en": {"Description", "the description search engines show"},
		"nl": {"Omschrijving", "de omschrijving die zoekmachines tonen"}}},
	// A story without a date is listed last, with a warning: a story needs one.
	{Key: "date", Kinds: storyOnly, Type: TypeDate, Required: true, Text: dateText},
	{Key: "date", Kinds: []Kind{KindSymbol, KindPage}, Type: TypeDate, Text: dateText},
	{Key: "draft", Kinds: allKinds, Type: TypeBool, Text: map[string]FieldText{
		"en": {"Draft", "remove this line (or set false) to publish"},
		"nl": {"Concept", "aan: niet gepubliceerd; zet uit om te publiceren"}}},
	{Key: "customer", Kinds: storyOnly, Type: TypeText, Text: map[string]FieldText{
		"en": {"Customer", "first name, who they are"},
		"nl": {"Klant", "voornaam, wie het is"}}},
	{Key: "brand", Kinds: storySymbol, Type: TypeText, Text: map[string]FieldText{
		"en": {"Brand", "brands on this site"},
		"nl": {"Merk", "het merk"}}},
	{Key: "promise", Kinds: symbolOnly, Type: TypeLongText, Text: map[string]FieldText{
		"en": {"Promise", "the promise in one sentence"},
		"nl": {"Belofte", "de belofte in één zin"}}},
	{Key: "proof", Kinds: symbolOnly, Type: TypeLongText, Text: map[string]FieldText{
		"en": {"Proof", "why people believe it: a figure, a fact"},
		"nl": {"Bewijs", "waarom mensen het geloven: een cijfer, een feit"}}},
	{Key: "industry", Kinds: storyOnly, Type: TypeText, Text: map[string]FieldText{
		"en": {"Industry", "e.g. Retail, Luchtvaart, Telecom"},
		"nl": {"Branche", "bijv. Retail, Luchtvaart, Telecom"}}},
	{Key: "channel", Kinds: storyOnly, Type: TypeText, Text: map[string]FieldText{
		"en": {"Channel", "where it happened: Twitter, E-mail, Winkel, Telefoon ..."},
		"nl": {"Kanaal", "waar het gebeurde: Twitter, E-mail, Winkel, Telefoon ..."}}},
	{Key: "stage", Kinds: storyOnly, Type: TypeStage, Text: map[string]FieldText{
		"en": {"Stage", "relationship stage, one of"},
		"nl": {"Fase", "fase van de relatie, een van"}}},
	{Key: "tags", Kinds: allKinds, Type: TypeList, Text: map[string]FieldText{
		"en": {"Tags", "free labels"},
		"nl": {"Labels", "vrije labels"}}},
	{Key: "symbols", Kinds: storyOnly, Type: TypeSymbols, Text: map[string]FieldText{
		"en": {"Symbols", "slugs of symbols this story proves"},
		"nl": {"Symbolen", "namen van de symbolen die dit verhaal bewijst"}}},
	{Key: "quote", Kinds: storyOnly, Type: TypeQuote, Text: map[string]FieldText{
		"en": {"Quote", "what the customer said: text, author, role"},
		"nl": {"Citaat", "wat de klant zei: tekst, wie, rol"}}},
	{Key: "metrics", Kinds: storyOnly, Type: TypeMetrics, Text: map[string]FieldText{
		"en": {"Metrics", "figures that show the effect"},
		"nl": {"Cijfers", "cijfers die het effect laten zien"}}},
	{Key: "image", Kinds: allKinds, Type: TypeImage, Text: map[string]FieldText{
		"en": {"Image", "for a bundle (stories/<name>/index.md), beside this file"},
		"nl": {"Afbeelding", "een foto, bewaard bij het verhaal"}}},
	{Key: "image_alt", Kinds: allKinds, Type: TypeText, Text: map[string]FieldText{
		"en": {"Image description", "what the picture shows, for people who cannot see it"},
		"nl": {"Beschrijving van de afbeelding", "wat de foto laat zien, voor wie hem niet kan zien"}}},
	{Key: "personal", Kinds: storyOnly, Type: TypeScore, Text: map[string]FieldText{
		"en": {"Personal", "being personal, 0 to 10"},
		"nl": {"Persoonlijk", "persoonlijk, 0 tot 10"}}},
	{Key: "extreme", Kinds: storyOnly, Type: TypeScore, Text: map[string]FieldText{
		"en": {"Extreme", "extreme symbol, 0 to 10"},
		"nl": {"Extreem", "extreem symbool, 0 tot 10"}}},
	{Key: "personal", Kinds: symbolOnly, Type: TypeScore, Text: map[string]FieldText{
		"en": {"Personal", "being personal, 0 to 10"},
		"nl": {"Persoonlijk", "persoonlijk, 0 tot 10"}}},
	{Key: "extreme", Kinds: symbolOnly, Type: TypeScore, Text: map[string]FieldText{
		"en": {"Extreme", "how extreme the promise is, 0 to 10"},
		"nl": {"Extreem", "hoe extreem de belofte is, 0 tot 10"}}},
	{Key: "featured", Kinds: storyOnly, Type: TypeBool, Text: map[string]FieldText{
		"en": {"Featured", "true puts the story on the home page"},
		"nl": {"Uitgelicht", "true zet het verhaal op de voorpagina"}}},
}

var dateText = map[string]FieldText{
	"en": {"Date", "year-month-day; a future date is published from that day on"},
	"nl": {"Datum", "jaar-maand-dag; een datum in de toekomst verschijnt vanaf die dag"}}

// FieldsOf returns the fields of pages of kind k, in order.
func FieldsOf(k Kind) []Field {
	var out []Field
	for _, f := range Fields {
		for _, fk := range f.Kinds {
			if fk == k {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// Hint returns the hint of the field key of pages of kind k in the
// language lang (English for a language without its own), or "".
func Hint(k Kind, key, lang string) string { return fieldText(k, key, lang).Hint }

// Label returns the label of the field key of pages of kind k in the
// language lang, or the key itself.
func Label(k Kind, key, lang string) string {
	if l := fieldText(k, key, lang).Label; l != "" {
		return l
	}
	return key
}

func fieldText(k Kind, key, lang string) FieldText {
	for _, f := range FieldsOf(k) {
		if f.Key == key {
			if t, ok := f.Text[lang]; ok {
				return t
			}
			return f.Text["en"]
		}
	}
	return FieldText{}
}
