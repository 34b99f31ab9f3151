// The expression lexer: characters to tokens.
#include "engine/expr/lexer.hpp"

#include <charconv>

namespace civicsim::expr {
namespace {

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }

TokenKind keyword_or_name(std::string_view word) {
  if (word == "true") return TokenKind::kTrue;
  if (word == "false") return TokenKind::kFalse;
  if (word == "and") return TokenKind::kAnd;
  if (word == "or") return TokenKind::kOr;
  if (word == "not") return TokenKind::kNot;
  if (word == "in") return TokenKind::kIn;
  return TokenKind::kName;
}

// The operator starting at text[i], with its length; kEnd if none.
std::pair<TokenKind, size_t> operator_at(std::string_view text, size_t i) {
  const char c = text[i];
  const char next = i + 1 < text.size() ? text[i + 1] : '\0';
  switch (c) {
    case '=':
      return {next == '=' ? TokenKind::kEqual : TokenKind::kEnd, 2};
    case '!':
      return next == '=' ? std::pair{TokenKind::kNotEqual, size_t{2}}
                         : std::pair{TokenKind::kNot, size_t{1}};
    case '<':
      return next == '=' ? std::pair{TokenKind::kLessEqual, size_t{2}}
                         : std::pair{TokenKind::kLess, size_t{1}};
    case '>':
      return next == '=' ? std::pair{TokenKind::kGreaterEqual, size_t{2}}
                         : std::pair{TokenKind::kGreater, size_t{1}};
    case '&':
      return {next == '&' ? TokenKind::kAnd : TokenKind::kEnd, 2};
    case '|':
      return {next == '|' ? TokenKind::kOr : TokenKind::kEnd, 2};
    case '+':
      return {TokenKind::kPlus, 1};
    case '-':
      return {TokenKind::kMinus, 1};
    case '*':
      return {TokenKind::kStar, 1};
    case '/':
      return {TokenKind::kSlash, 1};
    case '^':
      return {TokenKind::kCaret, 1};
    case '(':
      return {TokenKind::kLeftParen, 1};
    case ')':
      return {TokenKind::kRightParen, 1};
    case '[':
      return {TokenKind::kLeftBracket, 1};
    case ']':
      return {TokenKind::kRightBracket, 1};
    case ',':
      return {TokenKind::kComma, 1};
    default:
      return {TokenKind::kEnd, 0};
  }
}

}  // namespace

std::optional<std::vector<Token>> tokenize(std::string_view text, LexError& error) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (true) {
    while (i < text.size() &&
           (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
      ++i;
    Token t;
    t.begin = i;
    if (i == text.size()) {
      t.end = i;
      tokens.push_back(std::move(t));
      return tokens;
    }
    const char c = text[i];
    if (is_digit(c)) {
      size_t j = i;
      while (j < text.size() && is_digit(text[j])) ++j;
      if (j + 1 < text.size() && text[j] == '.' && is_digit(text[j + 1])) {
        ++j;
        while (j < text.size() && is_digit(text[j])) ++j;
      }
      if (j < text.size() && (text[j] == 'e' || text[j] == 'E')) {
        size_t k = j + 1;
        if (k < text.size() && (text[k] == '+' || text[k] == '-')) ++k;
        if (k < text.size() && is_digit(text[k])) {
          while (k < text.size() && is_digit(text[k])) ++k;
          j = k;
        }
      }
      t.kind = TokenKind::kNumber;
      std::from_chars(text.data() + i, text.data() + j, t.number);
      i = j;
    } else if (c == '\'' || c == '"') {
      const size_t close = text.find(c, i + 1);
      if (close == std::string_view::npos) {
        error = {"a closing " + std::string(1, c) + " for the string that starts at column " +
                     std::to_string(i + 1),
                 text.size(), 0};
        return std::nullopt;
      }
      t.kind = TokenKind::kString;
      t.text = std::string(text.substr(i + 1, close - i - 1));
      i = close + 1;
    } else if (is_name_start(c)) {
      size_t j = i;
      while (true) {
        while (j < text.size() && is_name_char(text[j])) ++j;
        if (j + 1 < text.size() && text[j] == '.' && is_name_start(text[j + 1])) {
          ++j;
          continue;
        }
        break;
      }
      t.text = std::string(text.substr(i, j - i));
      t.kind = keyword_or_name(t.text);
      i = j;
    } else {
      const auto [kind, length] = operator_at(text, i);
      if (kind == TokenKind::kEnd) {
        error.position = i;
        error.length = 1;  // a whole UTF-8 sequence, so that a typed '≥' is quoted intact
        while (i + error.length < text.size() &&
               (static_cast<unsigned char>(text[i + error.length]) & 0xC0u) == 0x80u)
          ++error.length;
        if (c == '=')
          error.expected = "'==' to compare (a single '=' is not an operator)";
        else if (c == '&')
          error.expected = "'&&'";
        else if (c == '|')
          error.expected = "'||'";
        else
          error.expected = "an attribute, number, string, operator or parenthesis";
        return std::nullopt;
      }
      t.kind = kind;
      i += length;
    }
    t.end = i;
    tokens.push_back(std::move(t));
  }
}

}  // namespace civicsim::expr
