// Splitting an expression into tokens, for the parser.
//
// Kept apart from the parser so that each stays short: the lexer knows characters (numbers, quoted
// labels, dotted names, one- and two-character operators, the word forms and/or/not/in/true/false),
// the parser knows grammar. Both report problems as an (expected, position) pair that the parser
// turns into a Diagnostic quoting the expression.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civicsim::expr {

enum class TokenKind {
  kEnd,
  kNumber,
  kString,
  kName,
  kTrue,
  kFalse,
  kAnd,  // && and
  kOr,   // || or
  kNot,  // ! not
  kIn,
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kCaret,
  kLeftParen,
  kRightParen,
  kLeftBracket,
  kRightBracket,
  kComma,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  size_t begin = 0;  // byte offsets [begin, end) in the expression
  size_t end = 0;
  double number = 0.0;    // kNumber
  std::string text = {};  // kString: the label without quotes; kName: the dotted name
};

struct LexError {
  std::string expected;
  size_t position = 0;  // byte offset of the offending character
  size_t length = 1;    // how many characters to quote (0: the end of the text)
};

// The tokens of `text`, ending with one kEnd token; or the first problem found.
std::optional<std::vector<Token>> tokenize(std::string_view text, LexError& error);

}  // namespace civicsim::expr
