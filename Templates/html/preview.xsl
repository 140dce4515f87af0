<?xml version="1.0" encoding="UTF-8"?>
<!-- HTML preview of any Bonded document: every element as a nested table, with a localised title. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../common.xsl"/>
  <xsl:output method="html" encoding="UTF-8" indent="no" doctype-system="about:legacy-compat"/>

  <xsl:template match="/">
    <xsl:variable name="title">
      <xsl:call-template name="t"><xsl:with-param name="key" select="'preview'"/></xsl:call-template>
      <xsl:value-of select="concat(': ', local-name(*))"/>
    </xsl:variable>
    <html lang="{$lang}">
      <head>
        <title><xsl:value-of select="$title"/></title>
        <style>body{font-family:'Noto Sans CJK SC',sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px;text-align:left;vertical-align:top}th{background:#eee}</style>
      </head>
      <body>
        <h1><xsl:value-of select="$title"/></h1>
        <xsl:apply-templates select="*"/>
      </body>
    </html>
  </xsl:template>

  <!-- Elements with children become tables (barcode path data left out); leaves print their text and attributes. -->
  <xsl:template match="*">
    <xsl:choose>
      <xsl:when test="*">
        <table>
          <xsl:for-each select="@*"><tr><th>@<xsl:value-of select="local-name()"/></th><td><xsl:value-of select="."/></td></tr></xsl:for-each>
          <xsl:for-each select="*">
            <xsl:if test="local-name() != 'Path'">
              <tr><th><xsl:value-of select="local-name()"/></th><td><xsl:apply-templates select="."/></td></tr>
            </xsl:if>
          </xsl:for-each>
        </table>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="."/>
        <xsl:for-each select="@*"><xsl:value-of select="concat(' ', .)"/></xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
