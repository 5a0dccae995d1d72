&& echo
