<?xml version="1.0" encoding="UTF-8"?>
<!-- CN23 customs declaration as SVG, A4 portrait (210 x 297 mm); bilingual when lang2 is set. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns="http://www.w3.org/2000/svg"
                >
  <xsl:import href="../common.xsl"/>
  <xsl:include href="postal.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>
  <xsl:template match="/CN23">
    <svg width="210mm" height="297mm" viewBox="0 0 210 297" font-family="{$font}">
      <rect x="0" y="0" width="210" height="297" fill="#fff"/>
      <rect x="2" y="2" width="206" height="293" fill="none" stroke="#000" stroke-width="0.5"/>
      <xsl:call-template name="postal-body">
        <xsl:with-param name="width" select="210"/><xsl:with-param name="title" select="'cn23_title'"/><xsl:with-param name="top" select="9"/>
      </xsl:call-template>
    </svg>
  </xsl:template>
</xsl:stylesheet>
