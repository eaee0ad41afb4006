#!/usr/bin/env python3
"""The longest methods of a C# tree, by lines from the signature to the closing brace or semicolon.

A text scan, not a parser: comments, strings and char literals are blanked, then every member declaration (a line
with an access or `static` modifier and a parameter list) is followed to the end of its block or expression body.
Local functions with a modifier count on their own as well as inside their method.
Use: lib/build/longest-methods.py [folder=lib] [count=10]
"""
import pathlib
import re
import sys

MODIFIERS = r"(?:public|private|internal|protected|static|override|virtual|async|sealed|unsafe|extern|partial)"
DECLARATION = re.compile(
    rf"^(?![^\n(]*\b(?:class|record|struct|interface|enum|delegate)\b)[ \t]*(?:\[[^\]]*\][ \t]*)*(?:{MODIFIERS}[ \t]+)+"
    r"[\w<>\[\],.?() \t]*?\b(\w+)[ \t]*(?:<[^()]*?>)?[ \t]*\(", re.M)


def blank(text):
    """The text with comments, strings and char literals turned into spaces (newlines kept), so braces can be counted."""
    out, i, n = [], 0, len(text)

    def keep_lines(s):
        return "".join("\n" if c == "\n" else " " for c in s)

    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif re.match(r'\$*"""', text[i:i + 8]):
            start = text.index('"""', i)
            j = text.find('"""', start + 3)
            j = n if j < 0 else j + 3
        elif re.match(r'(?:\$@|@\$|@)"', text[i:i + 3]):
            j = text.index('"', i) + 1
            while j < n and not (text[j] == '"' and text[j + 1:j + 2] != '"'):
                j += 2 if text[j] == '"' else 1
            j += 1
        elif text[i] == '"' or (text[i] == "$" and text[i + 1:i + 2] == '"'):
            j = text.index('"', i) + 1
            while j < n and text[j] != '"' and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j += 1
        elif text[i] == "'" and re.match(r"'(?:\\.[^']*|[^'\\])'", text[i:i + 12]):
            j = i + re.match(r"'(?:\\.[^']*|[^'\\])'", text[i:i + 12]).end()
        else:
            out.append(text[i])
            i += 1
            continue
        out.append(keep_lines(text[i:j]))
        i = j
    return "".join(out)


def body_end(code, start):
    """The offset just past the method that starts at `start`: its block's closing brace, or the `;` of an
    expression body or of an abstract or extern declaration."""
    depth = 0
    i = start
    while i < len(code):
        c = code[i]
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif depth == 0 and c == ";":
            return i + 1
        elif depth == 0 and c == "{":
            braces = 0
            while i < len(code):
                braces += {"{": 1, "}": -1}.get(code[i], 0)
                if braces == 0:
                    return i + 1
                i += 1
            return i
        i += 1
    return i


def methods(path):
    code = blank(path.read_text(encoding="utf-8"))
    for match in DECLARATION.finditer(code):
        end = body_end(code, match.end() - 1)
        first = code.count("\n", 0, match.start()) + 1
        last = code.count("\n", 0, end) + 1
        yield last - first + 1, f"{path}:{first}", match.group(1)


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "lib")
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    found = [m for p in sorted(root.rglob("*.cs")) if "/obj/" not in str(p) and "/bin/" not in str(p)
             for m in methods(p)]
    for lines, where, name in sorted(found, key=lambda m: -m[0])[:count]:
        print(f"{lines:5d}  {name}  {where}")


if __name__ == "__main__":
    main()
