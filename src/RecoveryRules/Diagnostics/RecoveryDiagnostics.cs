using System.Collections.Immutable;

namespace RecoveryRules.Diagnostics;

/// <summary>
/// The one table of every RecoveryRules diagnostic. Ids are stable and never reused:
/// RR0001–RR0099 the document and its keys; RR0100–RR0199 expression syntax;
/// RR0200–RR0399 names and types; RR0400–RR0499 cases; RR0500–RR0599 scenario files;
/// RR0600–RR0699 typed case mapping; RR1000 and up analyzers.
/// Each id is documented, with a bad and a fixed example, in docs/diagnostics.md.
/// </summary>
public static class RecoveryDiagnostics
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;
    private const DiagnosticSeverity Warning = DiagnosticSeverity.Warning;

    // ---- RR0001–RR0099: the document ----

    /// <summary>RR0001: the file is not well-formed YAML.</summary>
    public static readonly DiagnosticDescriptor InvalidYaml = new(
        "RR0001", "Invalid YAML", "The file is not valid YAML: {0}", Error, DiagnosticCategory.Document);

    /// <summary>RR0002: the file is larger than the reader accepts.</summary>
    public static readonly DiagnosticDescriptor DocumentTooLarge = new(
        "RR0002", "Document too large", "The file is {0} characters long; the limit is {1}. Split the policy or raise PolicyReaderOptions.MaxDocumentLength", Error, DiagnosticCategory.Document);

    /// <summary>RR0003: the document nests deeper than the reader accepts.</summary>
    public static readonly DiagnosticDescriptor NestingTooDeep = new(
        "RR0003", "Nesting too deep", "The document nests more than {0} levels deep; a policy never needs this. Flatten the structure", Error, DiagnosticCategory.Document);

    /// <summary>RR0004: YAML anchors and aliases are not part of the format.</summary>
    public static readonly DiagnosticDescriptor AnchorsNotAllowed = new(
        "RR0004", "Anchors and aliases are not allowed", "YAML {0} '{1}' is not allowed in a policy; use 'define' to name an expression once and reuse it", Error, DiagnosticCategory.Document);

    /// <summary>RR0005: a mapping has the same key twice.</summary>
    public static readonly DiagnosticDescriptor DuplicateKey = new(
        "RR0005", "Duplicate key", "The key '{0}' is given twice; the first is at line {1}. Remove one of them", Error, DiagnosticCategory.Document);

    /// <summary>RR0006: a key the format does not know.</summary>
    public static readonly DiagnosticDescriptor UnknownKey = new(
        "RR0006", "Unknown key", "'{0}' is not a key of {1}{2}. Expected one of: {3}", Error, DiagnosticCategory.Document);

    /// <summary>RR0007: a required key is missing.</summary>
    public static readonly DiagnosticDescriptor MissingKey = new(
        "RR0007", "Missing key", "{0} needs the key '{1}'{2}", Error, DiagnosticCategory.Document);

    /// <summary>RR0008: a node has the wrong YAML shape (scalar, list or mapping).</summary>
    public static readonly DiagnosticDescriptor WrongNodeKind = new(
        "RR0008", "Wrong kind of value", "{0} must be {1}, not {2}", Error, DiagnosticCategory.Document);

    /// <summary>RR0009: the policy id is not lower-case letters, digits and '-'.</summary>
    public static readonly DiagnosticDescriptor InvalidPolicyId = new(
        "RR0009", "Invalid policy id", "The policy id '{0}' must be lower-case letters, digits and '-', starting with a letter (for example '{1}')", Error, DiagnosticCategory.Document);

    /// <summary>RR0010: a value is not one of the allowed words.</summary>
    public static readonly DiagnosticDescriptor InvalidChoice = new(
        "RR0010", "Invalid value", "'{0}' is not a valid {1}{2}. Expected one of: {3}", Error, DiagnosticCategory.Document);

    /// <summary>RR0011: two rules share an id.</summary>
    public static readonly DiagnosticDescriptor DuplicateRuleId = new(
        "RR0011", "Duplicate rule id", "The rule id '{0}' is already used at line {1}; rule ids must be unique in a policy", Error, DiagnosticCategory.Document);

    /// <summary>RR0012: the currency is not a three-letter ISO 4217 code.</summary>
    public static readonly DiagnosticDescriptor InvalidCurrency = new(
        "RR0012", "Invalid currency", "'{0}' is not an active ISO 4217 currency code{1}; write one such as USD, EUR or JPY", Error, DiagnosticCategory.Document);

    /// <summary>RR0013: a scale the format does not have.</summary>
    public static readonly DiagnosticDescriptor UnknownScale = new(
        "RR0013", "Unknown scale", "'{0}' is not a scale{1}. A policy may redefine the members of severity, tier, escalation and role, but not add scales; use a fact with 'oneOf' for other vocabularies", Error, DiagnosticCategory.Document);

    /// <summary>RR0014: a member is listed twice in a scale, channel list or oneOf.</summary>
    public static readonly DiagnosticDescriptor DuplicateMember = new(
        "RR0014", "Duplicate member", "'{0}' is listed twice in {1}; each member must be listed once", Error, DiagnosticCategory.Document);

    /// <summary>RR0015: a vocabulary has no members.</summary>
    public static readonly DiagnosticDescriptor EmptyVocabulary = new(
        "RR0015", "Empty list of members", "{0} must list at least one member", Error, DiagnosticCategory.Document);

    /// <summary>RR0016: a name (fact, define, member, rule id, kind) is not well-formed.</summary>
    public static readonly DiagnosticDescriptor InvalidName = new(
        "RR0016", "Invalid name", "'{0}' is not a valid {1} name; names are letters, digits, '_' and '-', starting with a letter or '_'{2}", Error, DiagnosticCategory.Document);

    /// <summary>RR0017: a fact's type is not one the format has.</summary>
    public static readonly DiagnosticDescriptor UnknownFactType = new(
        "RR0017", "Unknown fact type", "'{0}' is not a fact type{1}. Expected one of: {2}", Error, DiagnosticCategory.Document);

    /// <summary>RR0018: a declared fact clashes with a built-in fact or another name.</summary>
    public static readonly DiagnosticDescriptor FactNameConflict = new(
        "RR0018", "Name already used", "'{0}' is already {1}; choose another name", Error, DiagnosticCategory.Document);

    /// <summary>RR0019: a value must be a number (priority) and is not.</summary>
    public static readonly DiagnosticDescriptor InvalidNumber = new(
        "RR0019", "Invalid number", "{0} must be a number, not '{1}'", Error, DiagnosticCategory.Document);

    /// <summary>RR0020: a value must be true or false.</summary>
    public static readonly DiagnosticDescriptor InvalidBoolean = new(
        "RR0020", "Invalid boolean", "{0} must be true or false, not '{1}' (only true and false are booleans in a policy)", Error, DiagnosticCategory.Document);

    /// <summary>RR0021: a duration in the document (an SLA) is not well-formed.</summary>
    public static readonly DiagnosticDescriptor InvalidDuration = new(
        "RR0021", "Invalid duration", "'{0}' is not a duration; write it like 30m, 2h, 1d, 1h30m or PT2H", Error, DiagnosticCategory.Document);

    /// <summary>RR0022: a compensation item is malformed.</summary>
    public static readonly DiagnosticDescriptor InvalidCompensationItem = new(
        "RR0022", "Invalid compensation item", "A compensation item {0}; write '- refund: 20', '- apology' or '{{ kind: voucher, amount: 15, note: ... }}'", Error, DiagnosticCategory.Document);

    /// <summary>RR0023: a 'when' item that YAML read as a list or mapping.</summary>
    public static readonly DiagnosticDescriptor ConditionNotText = new(
        "RR0023", "Condition is not an expression", "This condition was read by YAML as a {0}, not as an expression; quote it, for example \"tier in [gold, platinum]\", or use a block list", Error, DiagnosticCategory.Document);

    /// <summary>RR0024: the document is empty or not a single mapping.</summary>
    public static readonly DiagnosticDescriptor InvalidDocument = new(
        "RR0024", "Invalid document", "{0}", Error, DiagnosticCategory.Document);

    /// <summary>RR0025: a default value does not fit its fact's type.</summary>
    public static readonly DiagnosticDescriptor InvalidDefault = new(
        "RR0025", "Invalid default", "The default '{0}' of fact '{1}' is not a valid {2}{3}", Error, DiagnosticCategory.Document);

    /// <summary>RR0026: a rule's 'then' decides nothing.</summary>
    public static readonly DiagnosticDescriptor EmptyDecision = new(
        "RR0026", "Empty decision", "{0} decides nothing; give at least one of compensate, escalate, empower or note", Warning, DiagnosticCategory.Document);

    /// <summary>RR0027: an empowerment's action is listed twice.</summary>
    public static readonly DiagnosticDescriptor DuplicateAction = new(
        "RR0027", "Duplicate action", "The action '{0}' is listed twice", Warning, DiagnosticCategory.Document);

    /// <summary>RR0028: a fact gives both <c>type</c> and <c>oneOf</c>.</summary>
    public static readonly DiagnosticDescriptor TypeAndOneOf = new(
        "RR0028", "Both type and oneOf", "The fact '{0}' gives both 'type' and 'oneOf'; keep 'type' for a built-in type or 'oneOf' for its own list of members", Error, DiagnosticCategory.Document);

    /// <summary>RR0029: a YAML tag (<c>!name</c>, <c>!!str</c>), often a '!' meant as 'not'.</summary>
    public static readonly DiagnosticDescriptor TagNotAllowed = new(
        "RR0029", "YAML tags are not allowed", "The YAML tag '{0}' is not part of a policy{1}", Error, DiagnosticCategory.Document);

    /// <summary>RR0030: severity configuration (a policy's <c>diagnostics:</c> or <c>suppress:</c>, an .editorconfig) names an id that no diagnostic has.</summary>
    public static readonly DiagnosticDescriptor UnknownDiagnosticId = new(
        "RR0030", "Unknown diagnostic id", "'{0}' is not the id of a diagnostic{1}; only the analyzers' diagnostics, RR1000 and up, can be configured, as docs/diagnostics.md lists them", Error, DiagnosticCategory.Document);

    /// <summary>RR0031: severity configuration names a compiler diagnostic (below RR1000), which cannot be configured.</summary>
    public static readonly DiagnosticDescriptor DiagnosticNotConfigurable = new(
        "RR0031", "Diagnostic not configurable", "{0} ({1}) is reported by the compiler and cannot be {2}; only the analyzers' diagnostics, RR1000 and up, can", Error, DiagnosticCategory.Document);

    /// <summary>RR0032: a rule suppresses a diagnostic without saying why.</summary>
    public static readonly DiagnosticDescriptor SuppressionWithoutReason = new(
        "RR0032", "Suppression without a reason", "{0} suppresses {1} without a reason; say why the rule is right as it is, such as '{1}: \"otherwise covers it on purpose\"'", Error, DiagnosticCategory.Document);

    /// <summary>RR0099: more diagnostics than are shown.</summary>
    public static readonly DiagnosticDescriptor TooManyDiagnostics = new(
        "RR0099", "Too many diagnostics", "{0} more diagnostics were not shown; fix the ones above first", Error, DiagnosticCategory.Document);

    // ---- RR0100–RR0199: expression syntax ----

    /// <summary>RR0100: a character that cannot start a token.</summary>
    public static readonly DiagnosticDescriptor UnexpectedCharacter = new(
        "RR0100", "Unexpected character", "Unexpected character '{0}' in an expression{1}", Error, DiagnosticCategory.Syntax);

    /// <summary>RR0101: a string literal is not closed.</summary>
    public static readonly DiagnosticDescriptor UnterminatedString = new(
        "RR0101", "Unterminated string", "The text starting here is not closed; end it with a single quote (')", Error, DiagnosticCategory.Syntax);

    /// <summary>RR0102: the parser expected something else.</summary>
    public static readonly DiagnosticDescriptor UnexpectedToken = new(
        "RR0102", "Unexpected token", "Expected {0} but found {1}", Error, DiagnosticCategory.Syntax);

    /// <summary>RR0103: a literal (number, money, duration) is malformed.</summary>
    public static readonly DiagnosticDescriptor InvalidLiteral = new(
        "RR0103", "Invalid literal", "'{0}' is not a valid {1}{2}", Error, DiagnosticCategory.Syntax);

    /// <summary>RR0104: an expression is empty.</summary>
    public static readonly DiagnosticDescriptor EmptyExpression = new(
        "RR0104", "Empty expression", "{0} is empty; write an expression", Error, DiagnosticCategory.Syntax);

    /// <summary>RR0105: a comparison chain like <c>a &lt; b &lt; c</c>.</summary>
    public static readonly DiagnosticDescriptor ChainedComparison = new(
        "RR0105", "Chained comparison", "Comparisons cannot be chained; write 'a < b and b < c'", Error, DiagnosticCategory.Syntax);

    /// <summary>RR0106: an expression nested deeper than the parser accepts, or than the compiling thread's stack allows.</summary>
    public static readonly DiagnosticDescriptor ExpressionTooDeep = new(
        "RR0106", "Expression nests too deep", "The expression nests {0}; split it with 'define'", Error, DiagnosticCategory.Syntax);

    /// <summary>RR0106's argument when an expression is deeper than the parser's limit of <paramref name="levels"/>.</summary>
    internal static string DeeperThan(int levels) =>
        $"more than {levels} levels of parentheses, lists, calls or operators";

    /// <summary>RR0106's argument when the compiling thread has too little stack left (a host thread with a small stack).</summary>
    internal const string DeeperThanStack = "deeper than this thread's stack allows (compile on a thread with a larger stack)";

    /// <summary>RR0107: a number, money, percent or duration literal larger than the language allows.</summary>
    public static readonly DiagnosticDescriptor LiteralTooLarge = new(
        "RR0107", "Literal too large", "'{0}' is too large for {1}; the largest is {2}", Error, DiagnosticCategory.Syntax);

    // ---- RR0200–RR0399: names and types ----

    /// <summary>RR0201: a name that is not a fact, define or member.</summary>
    public static readonly DiagnosticDescriptor UnknownName = new(
        "RR0201", "Unknown name", "'{0}' is not a fact, define or {1}{2}", Error, DiagnosticCategory.Binding);

    /// <summary>RR0202: an operator applied to operands of the wrong types.</summary>
    public static readonly DiagnosticDescriptor OperatorTypeMismatch = new(
        "RR0202", "Operator type mismatch", "The operator '{0}' cannot be applied to {1} and {2}{3}", Error, DiagnosticCategory.Binding);

    /// <summary>RR0203: an expression of the wrong type for its place.</summary>
    public static readonly DiagnosticDescriptor TypeMismatch = new(
        "RR0203", "Type mismatch", "{0} must be {1}, but this expression is {2}{3}", Error, DiagnosticCategory.Binding);

    /// <summary>RR0204: an ordering comparison on an unordered vocabulary.</summary>
    public static readonly DiagnosticDescriptor UnorderedComparison = new(
        "RR0204", "Unordered comparison", "'{0}' is {1}, which has no order; only == != in and not in apply. Use 'in [...]' to test several members", Error, DiagnosticCategory.Binding);

    /// <summary>RR0205: money in two currencies.</summary>
    public static readonly DiagnosticDescriptor CurrencyMismatch = new(
        "RR0205", "Currency mismatch", "Money in {0} and {1} cannot be mixed{2}", Error, DiagnosticCategory.Binding);

    /// <summary>RR0206: a percent used outside <c>P of X</c>.</summary>
    public static readonly DiagnosticDescriptor PercentOutsideOf = new(
        "RR0206", "Percent outside 'of'", "A percent is only valid as 'P of X', such as '{0} of orderValue'; it cannot be compared, added, multiplied or used alone", Error, DiagnosticCategory.Binding);

    /// <summary>RR0207: a function the language does not have.</summary>
    public static readonly DiagnosticDescriptor UnknownFunction = new(
        "RR0207", "Unknown function", "'{0}' is not a function{1}. The functions are {2}", Error, DiagnosticCategory.Binding);

    /// <summary>RR0208: a function called with the wrong number of arguments.</summary>
    public static readonly DiagnosticDescriptor WrongArgumentCount = new(
        "RR0208", "Wrong number of arguments", "'{0}' takes {1} but was given {2}", Error, DiagnosticCategory.Binding);

    /// <summary>RR0209: a property that does not exist (only durations have .minutes, .hours, .days).</summary>
    public static readonly DiagnosticDescriptor UnknownProperty = new(
        "RR0209", "Unknown property", "'{0}' has no property '{1}'{2}", Error, DiagnosticCategory.Binding);

    /// <summary>RR0210: a define that refers to itself.</summary>
    public static readonly DiagnosticDescriptor DefineCycle = new(
        "RR0210", "Define refers to itself", "The define '{0}' refers to itself through {1}; defines cannot be recursive", Error, DiagnosticCategory.Binding);

    /// <summary>RR0211: a member name that is not in its vocabulary (escalation target, role, default).</summary>
    public static readonly DiagnosticDescriptor UnknownMember = new(
        "RR0211", "Unknown member", "'{0}' is not a member of {1}{2}. Members: {3}", Error, DiagnosticCategory.Binding);

    /// <summary>RR0212: a list outside <c>in</c> / <c>not in</c>.</summary>
    public static readonly DiagnosticDescriptor ListOutsideIn = new(
        "RR0212", "List outside 'in'", "A list can only follow 'in' or 'not in'", Error, DiagnosticCategory.Binding);

    /// <summary>RR0213: comparing values of different types.</summary>
    public static readonly DiagnosticDescriptor IncomparableTypes = new(
        "RR0213", "Incomparable types", "Cannot compare {0} with {1}{2}", Error, DiagnosticCategory.Binding);

    /// <summary>RR0214: a constant division by zero or other value known wrong at load time.</summary>
    public static readonly DiagnosticDescriptor ConstantDivisionByZero = new(
        "RR0214", "Division by zero", "This divides by zero for every case", Error, DiagnosticCategory.Binding);

    /// <summary>RR0215: an amount, cap or limit that is a negative constant.</summary>
    public static readonly DiagnosticDescriptor NegativeConstantAmount = new(
        "RR0215", "Negative amount", "{0} is {1} for every case; amounts, caps and limits cannot be negative", Error, DiagnosticCategory.Binding);

    /// <summary>RR0216: arithmetic on constants whose result is beyond decimal's range.</summary>
    public static readonly DiagnosticDescriptor ConstantOverflow = new(
        "RR0216", "Constant too large", "'{0}' is too large to compute for every case; no number can be larger than {1}", Error, DiagnosticCategory.Binding);

    /// <summary>RR0217: defines built on defines more levels deep than the compiler accepts.</summary>
    public static readonly DiagnosticDescriptor DefinesNestTooDeep = new(
        "RR0217", "Defines nest too deep", "The define '{0}' builds on defines more than {1} levels deep ({2}); fold some of them into one define", Error, DiagnosticCategory.Binding);

    /// <summary>RR0218: a priority, SLA or fact default larger than the language allows.</summary>
    public static readonly DiagnosticDescriptor ValueTooLarge = new(
        "RR0218", "Value too large", "{0} '{1}' is too large; the largest is {2}", Error, DiagnosticCategory.Binding);

    // ---- RR0400–RR0499: cases ----

    /// <summary>RR0400: the case is not a JSON/YAML object.</summary>
    public static readonly DiagnosticDescriptor MalformedCase = new(
        "RR0400", "Malformed case", "The case is not a valid JSON object: {0}", Error, DiagnosticCategory.Case);

    /// <summary>RR0401: a required fact is missing.</summary>
    public static readonly DiagnosticDescriptor MissingFact = new(
        "RR0401", "Missing fact", "The case has no '{0}' ({1}); the policy declares no default for it", Error, DiagnosticCategory.Case);

    /// <summary>RR0402: the case has a field the policy does not declare.</summary>
    public static readonly DiagnosticDescriptor UndeclaredField = new(
        "RR0402", "Undeclared field", "The case field '{0}' is not a fact of policy '{1}'{2}", Error, DiagnosticCategory.Case);

    /// <summary>RR0403: a value that is not a member of its vocabulary.</summary>
    public static readonly DiagnosticDescriptor UnknownCaseMember = new(
        "RR0403", "Unknown member", "The case field '{0}' is '{1}', which is not a member of {2}{3}. Members: {4}", Error, DiagnosticCategory.Case);

    /// <summary>RR0404: a malformed duration.</summary>
    public static readonly DiagnosticDescriptor MalformedDuration = new(
        "RR0404", "Malformed duration", "The case field '{0}' is '{1}', which is not a duration; write it like \"3h\", \"1h30m\" or \"PT3H\" (no negatives)", Error, DiagnosticCategory.Case);

    /// <summary>RR0405: malformed money.</summary>
    public static readonly DiagnosticDescriptor MalformedMoney = new(
        "RR0405", "Malformed money", "The case field '{0}' is {1}, which is not money; give a JSON number or a string like \"80 {2}\"", Error, DiagnosticCategory.Case);

    /// <summary>RR0406: money in another currency than the policy's.</summary>
    public static readonly DiagnosticDescriptor WrongCurrency = new(
        "RR0406", "Wrong currency", "The case field '{0}' is in {1}, but policy '{2}' works in {3}", Error, DiagnosticCategory.Case);

    /// <summary>RR0407: a value of the wrong JSON type.</summary>
    public static readonly DiagnosticDescriptor WrongValueType = new(
        "RR0407", "Wrong value type", "The case field '{0}' must be {1}, not {2}", Error, DiagnosticCategory.Case);

    /// <summary>RR0408: one field given both nested and dotted.</summary>
    public static readonly DiagnosticDescriptor FieldGivenTwice = new(
        "RR0408", "Field given twice", "The case gives '{0}' twice (nested and dotted, or repeated); give it once", Error, DiagnosticCategory.Case);

    /// <summary>RR0409: both delay and occurredAt.</summary>
    public static readonly DiagnosticDescriptor DelayAndOccurredAt = new(
        "RR0409", "Both delay and occurredAt", "The case gives both 'delay' and 'occurredAt'; give one of them", Error, DiagnosticCategory.Case);

    /// <summary>RR0410: occurredAt in the future.</summary>
    public static readonly DiagnosticDescriptor OccurredInFuture = new(
        "RR0410", "occurredAt in the future", "'occurredAt' is {0}, after the engine's clock ({1}); a failure cannot have happened in the future", Error, DiagnosticCategory.Case);

    /// <summary>RR0411: occurredAt malformed or without offset.</summary>
    public static readonly DiagnosticDescriptor MalformedTimestamp = new(
        "RR0411", "Malformed timestamp", "'occurredAt' is '{0}', which is not an ISO 8601 date and time with an offset, like \"2026-11-22T08:00:00+01:00\"", Error, DiagnosticCategory.Case);

    /// <summary>RR0412: a field name or value that is not valid Unicode text (invalid UTF-8, or an escaped lone surrogate).</summary>
    public static readonly DiagnosticDescriptor InvalidCaseText = new(
        "RR0412", "Invalid text", "The case field '{0}' has a {1} that is not valid Unicode text (invalid UTF-8, or an escaped lone surrogate such as \\ud800); give well-formed text", Error, DiagnosticCategory.Case);

    /// <summary>RR0413: a well-formed duration too large to compute with.</summary>
    public static readonly DiagnosticDescriptor DurationTooLarge = new(
        "RR0413", "Duration too large", "The case field '{0}' is '{1}', a duration too large to compute with; durations go up to 79228162514264337593543950335 seconds", Error, DiagnosticCategory.Case);

    /// <summary>RR0420: division by zero while evaluating.</summary>
    public static readonly DiagnosticDescriptor DivisionByZero = new(
        "RR0420", "Division by zero", "{0} divides by zero for this case", Error, DiagnosticCategory.Case);

    /// <summary>RR0421: a negative amount, cap or limit.</summary>
    public static readonly DiagnosticDescriptor NegativeAmount = new(
        "RR0421", "Negative amount", "{0} is {1} for this case; amounts, caps and limits cannot be negative", Error, DiagnosticCategory.Case);

    /// <summary>RR0422: clamp with its low bound above its high bound.</summary>
    public static readonly DiagnosticDescriptor ClampBounds = new(
        "RR0422", "clamp bounds reversed", "{0}: clamp's low bound {1} is above its high bound {2} for this case", Error, DiagnosticCategory.Case);

    /// <summary>RR0423: arithmetic overflow.</summary>
    public static readonly DiagnosticDescriptor ArithmeticOverflow = new(
        "RR0423", "Arithmetic overflow", "{0} is too large to compute for this case", Error, DiagnosticCategory.Case);

    /// <summary>RR0429: an unexpected failure while reading or evaluating one case (a defect in RecoveryRules); the case gets this error and the others go on.</summary>
    public static readonly DiagnosticDescriptor InternalCaseError = new(
        "RR0429", "Internal error in this case", "RecoveryRules failed while {0} this case: {1}: {2}. This is a defect in RecoveryRules; please report it with the case", Error, DiagnosticCategory.Case);

    // ---- RR0500–RR0599: scenario files (*.tests.yaml) ----

    /// <summary>RR0500: the policy a scenario file names does not exist.</summary>
    public static readonly DiagnosticDescriptor ScenarioPolicyNotFound = new(
        "RR0500", "Policy file not found", "The policy file '{0}' does not exist (looked for {1}); 'policy' is a path relative to the scenario file", Error, DiagnosticCategory.Scenario);

    /// <summary>RR0501: the policy a scenario file names does not load.</summary>
    public static readonly DiagnosticDescriptor ScenarioPolicyDoesNotLoad = new(
        "RR0501", "Policy does not load", "The policy '{0}' does not load ({1}); fix it first: its diagnostics are listed with its own path", Error, DiagnosticCategory.Scenario);

    /// <summary>RR0502: two cases of a scenario file share a name.</summary>
    public static readonly DiagnosticDescriptor DuplicateScenarioName = new(
        "RR0502", "Duplicate case name", "The case name '{0}' is already used at line {1}; case names must be unique in a scenario file", Error, DiagnosticCategory.Scenario);

    /// <summary>RR0503: an expect names a rule the policy does not have.</summary>
    public static readonly DiagnosticDescriptor UnknownExpectedRule = new(
        "RR0503", "Unknown rule in expect", "'{0}' is not a rule of policy '{1}'{2}. Rules: {3}", Error, DiagnosticCategory.Scenario);

    /// <summary>RR0504: an expect names an escalation target or role the policy does not have.</summary>
    public static readonly DiagnosticDescriptor UnknownExpectedMember = new(
        "RR0504", "Unknown member in expect", "'{0}' is not a member of scale '{1}' in policy '{2}'{3}. Members: {4}", Error, DiagnosticCategory.Scenario);

    /// <summary>RR0505: an expected amount, duration or boolean is malformed.</summary>
    public static readonly DiagnosticDescriptor InvalidExpectedValue = new(
        "RR0505", "Invalid expected value", "The expected {0} must be {1}, not '{2}'", Error, DiagnosticCategory.Scenario);

    /// <summary>RR0506: an expected error id is not the id of a case error.</summary>
    public static readonly DiagnosticDescriptor UnknownCaseErrorId = new(
        "RR0506", "Unknown case error id", "'{0}' is not the id of a case error{1}; expect one of RR0400–RR0499, such as RR0403", Error, DiagnosticCategory.Scenario);

    /// <summary>RR0507: a case gives occurredAt while no clock is set.</summary>
    public static readonly DiagnosticDescriptor ScenarioNeedsNow = new(
        "RR0507", "occurredAt without now", "The case '{0}' gives 'occurredAt' but neither the case nor the file sets 'now'; set 'now' so that the scenario gives the same result on every run", Error, DiagnosticCategory.Scenario);

    /// <summary>RR0508: a scenario's now is not a date and time with an offset.</summary>
    public static readonly DiagnosticDescriptor InvalidScenarioNow = new(
        "RR0508", "Invalid now", "'now' is '{0}', which is not an ISO 8601 date and time with an offset, like 2026-11-22T10:00:00+00:00", Error, DiagnosticCategory.Scenario);

    /// <summary>RR0509: an expect that names nothing, so the case always passes.</summary>
    public static readonly DiagnosticDescriptor NothingExpected = new(
        "RR0509", "Nothing expected", "The case '{0}' expects nothing, so it passes whatever the policy decides; name at least one of compensation, escalation, empowerment, notes, fired or error", Warning, DiagnosticCategory.Scenario);

    /// <summary>RR0510: an expect that names an error and parts of a decision.</summary>
    public static readonly DiagnosticDescriptor ErrorAndDecisionExpected = new(
        "RR0510", "Error and decision expected", "The case '{0}' expects the error {1} and also {2}; a case that errs has no decision, so expect either the error or the decision", Error, DiagnosticCategory.Scenario);

    // ---- RR0600–RR0699: typed case mapping (CaseMap<TSource>, docs/embedding.md) ----

    /// <summary>RR0600: a fact without a default that the case map does not map.</summary>
    public static readonly DiagnosticDescriptor UnmappedRequiredFact = new(
        "RR0600", "Required fact not mapped", "The fact '{0}' of policy '{1}' has no default, but the case map of {2} does not map it; map it{3}, or give the fact a default in the policy", Error, DiagnosticCategory.Embedding);

    /// <summary>RR0601: the case map maps a fact the policy does not declare.</summary>
    public static readonly DiagnosticDescriptor UndeclaredMappedFact = new(
        "RR0601", "Mapped fact not declared", "The case map maps '{0}' (`{1}`), but policy '{2}' declares no such fact{3}. Facts: {4}", Error, DiagnosticCategory.Embedding);

    /// <summary>RR0602: a mapping gives a type that cannot convert to its fact's type.</summary>
    public static readonly DiagnosticDescriptor MappedTypeMismatch = new(
        "RR0602", "Mapping of the wrong type", "The fact '{0}' is {1}, but its mapping `{2}` gives {3}, which cannot convert to it; map {4}", Error, DiagnosticCategory.Embedding);

    /// <summary>RR0603: an enum mapped to a scale or oneOf fact has a name that is not one of its members.</summary>
    public static readonly DiagnosticDescriptor UnknownEnumMember = new(
        "RR0603", "Enum name is no member", "The mapping `{0}` of '{1}' can give {2}.{3}, which is not a member of {4}{5}; enum names match members ignoring case. Members: {6}", Error, DiagnosticCategory.Embedding);

    /// <summary>RR0604: a mapping expression threw for one case (a case error; the other cases go on).</summary>
    public static readonly DiagnosticDescriptor MappingFailed = new(
        "RR0604", "Mapping failed", "The mapping `{0}` of '{1}' failed for this case: {2}: {3}", Error, DiagnosticCategory.Embedding);

    // ---- RR1000+: analyzers ----

    /// <summary>RR1001: a define nobody uses.</summary>
    public static readonly DiagnosticDescriptor UnusedDefine = new(
        "RR1001", "Unused define", "The define '{0}' is never used", Warning, DiagnosticCategory.Analysis);

    /// <summary>RR1002: a rule that never fires because earlier stop rules always match and stop when it would match.</summary>
    public static readonly DiagnosticDescriptor UnreachableRule = new(
        "RR1002", "Unreachable rule", "The rule '{0}' is never considered: {1}", Warning, DiagnosticCategory.Analysis);

    /// <summary>RR1003: a rule whose conditions no case satisfies all at once.</summary>
    public static readonly DiagnosticDescriptor RuleNeverMatches = new(
        "RR1003", "Rule never matches", "The rule '{0}' never matches: no case satisfies all of its conditions", Warning, DiagnosticCategory.Analysis);

    /// <summary>RR1004: a rule's conditions that every case satisfies.</summary>
    public static readonly DiagnosticDescriptor ConditionAlwaysHolds = new(
        "RR1004", "Condition always holds", "The 'when' of rule '{0}' holds for every case; leave 'when' out if the rule is meant for every case", Warning, DiagnosticCategory.Analysis);

    /// <summary>RR1005: combinations of severity, tier, channel and the finite facts whose cases fall to no rule, while 'otherwise' does not escalate.</summary>
    public static readonly DiagnosticDescriptor EscalationGap = new(
        "RR1005", "Escalation coverage gap", "No rule and no 'otherwise' decides escalation for {0} combination(s): whatever the other facts, their cases match no rule: {1}", Warning, DiagnosticCategory.Analysis);

    /// <summary>RR1006: a rule the analysis did not look at, because its part of the decision space is too large to enumerate.</summary>
    public static readonly DiagnosticDescriptor AnalysisLimit = new(
        "RR1006", "Rule not analyzed", "The analysis did not look at {0}: it spans {1} cells, and the analysis enumerates at most {2} cells for a rule and {3} for a policy", DiagnosticSeverity.Info, DiagnosticCategory.Analysis);

    /// <summary>RR1007: a rule whose conditions hold for exactly the cases of an earlier rule.</summary>
    public static readonly DiagnosticDescriptor EquivalentRules = new(
        "RR1007", "Equivalent rules", "The rule '{0}' matches exactly the cases that '{1}' matches; merge the two, or make their conditions differ", Warning, DiagnosticCategory.Analysis);

    /// <summary>RR1008: a rule whose cases all match another rule that decides the same.</summary>
    public static readonly DiagnosticDescriptor SubsumedRule = new(
        "RR1008", "Rule subsumed by another", "The rule '{0}' adds nothing to '{1}': every case it matches also matches '{1}', which decides the same{2}", Warning, DiagnosticCategory.Analysis);

    /// <summary>RR1009: a compensation amount that grows without bound with a fact and that no cap limits.</summary>
    public static readonly DiagnosticDescriptor UnboundedCompensation = new(
        "RR1009", "Compensation without bound", "The amount of '{0}' in {1} grows without bound with {2}, and no cap limits it", Warning, DiagnosticCategory.Analysis);

    /// <summary>RR1010: a declared fact without a default that no expression reads.</summary>
    public static readonly DiagnosticDescriptor UnusedFact = new(
        "RR1010", "Unused fact", "The fact '{0}' is never used: no rule, define, amount, limit or cap reads it, yet every case must give it", Warning, DiagnosticCategory.Analysis);

    /// <summary>RR1011: a member of the severity or escalation scale that nothing uses.</summary>
    public static readonly DiagnosticDescriptor UnusedScaleMember = new(
        "RR1011", "Unused scale member", "The member '{0}' of scale '{1}' is never used: {2}", DiagnosticSeverity.Info, DiagnosticCategory.Analysis);

    /// <summary>RR1012: a channel that nothing uses.</summary>
    public static readonly DiagnosticDescriptor UnusedChannel = new(
        "RR1012", "Unused channel", "The channel '{0}' is never used: no expression names it or reads 'channel'", DiagnosticSeverity.Info, DiagnosticCategory.Analysis);

    /// <summary>RR1013: a role that no empowerment names.</summary>
    public static readonly DiagnosticDescriptor UnusedRole = new(
        "RR1013", "Unused role", "The role '{0}' is never used: no 'empower' or expression names it, and no expression reads or orders roles", DiagnosticSeverity.Info, DiagnosticCategory.Analysis);

    /// <summary>RR1014: a more severe case escalated lower or later than a less severe one, everything else equal.</summary>
    public static readonly DiagnosticDescriptor SeverityInversion = new(
        "RR1014", "Severity inversion", "A more severe case gets {0}: with {1}, severity={2} gets {3}, but severity={4} gets {5}", Warning, DiagnosticCategory.Analysis);

    /// <summary>Every descriptor, in id order.</summary>
    public static ImmutableArray<DiagnosticDescriptor> All { get; } =
    [
        .. typeof(RecoveryDiagnostics)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .OrderBy(d => d.Id, StringComparer.Ordinal),
    ];
}
