# Command substitution of builtins and of a program, nested, with a here-document.
x=$(echo sub; printf '%s\n' a b)
echo "$x"
y=$(cat <<END
inner $(echo nested)
END
)
echo "$y" "$(printf %s "$x" | wc -l)"
